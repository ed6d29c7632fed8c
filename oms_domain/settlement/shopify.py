"""Shopify Payments payouts and balance transactions.

Both shapes Shopify returns are read: REST (``shopify_payments/payouts`` and
``shopify_payments/balance/transactions``: ``type`` charge/refund/dispute/
reserve/adjustment/payout..., ``amount``, ``fee``, ``net`` as strings,
``source_order_id``, ``payout_id``) and GraphQL (``ShopifyPaymentsPayout`` with
``net`` MoneyV2, ``ShopifyPaymentsBalanceTransaction`` with ``type`` CHARGE...,
MoneyV2 ``amount``/``fee``/``net``, ``associatedOrder``, ``associatedPayout``).

A transaction's ``amount`` is the gross, ``fee`` what Shopify kept and ``net``
their difference; each transaction gives a gross line and a ``fee:payment``
line. The payout transaction itself is negative (money leaving the balance).
"""

from ..shopify.ids import legacy_id
from .common import parse_date
from .model import (
    Kind,
    ProblemCode,
    SettlementAccumulator,
    SettlementHeader,
    SettlementLine,
    money_currency,
    parse_money_field,
)

SOURCE = "shopify"
TYPES = {
    "charge": Kind.SALE,
    "refund": Kind.REFUND,
    "dispute": Kind.ADJUSTMENT,
    "dispute_reversal": Kind.ADJUSTMENT,
    "reserve": Kind.RESERVE,
    "reserved_funds": Kind.RESERVE,
    "adjustment": Kind.ADJUSTMENT,
    "credit": Kind.ADJUSTMENT,
    "debit": Kind.ADJUSTMENT,
    "payout_failure": Kind.ADJUSTMENT,
    "payout_cancellation": Kind.ADJUSTMENT,
    "payout": Kind.PAYOUT,
    "shipping_label": Kind.FEE,
}
FEE_TYPES = {"shipping_label": "shipping"}


def iter_transactions(pages):
    """Transactions of REST or GraphQL answers (one dict or an iterable of pages).

    Accepts ``{"transactions": [...]}``, a GraphQL ``data`` document with
    ``shopifyPaymentsAccount.balanceTransactions`` (``edges``/``nodes``), a
    connection dict, or plain transaction dicts.
    """
    if isinstance(pages, dict):
        pages = [pages]
    for page in pages:
        if "transactions" in page:
            yield from page["transactions"]
            continue
        data = page.get("data", page)
        account = data.get("shopifyPaymentsAccount", data)
        connection = account.get("balanceTransactions")
        if connection is None and ("edges" in account or "nodes" in account):
            connection = account
        if connection is None:
            yield page
            continue
        if "nodes" in connection:
            yield from connection["nodes"]
        else:
            yield from (edge["node"] for edge in connection.get("edges", ()))


def payout_header(payout, *, account=""):
    """Header of a REST payout or a GraphQL ``ShopifyPaymentsPayout``."""
    money = payout.get("amount", payout.get("net"))
    currency = (payout.get("currency") or money_currency(money)).upper()
    amount = parse_money_field(money)
    if str(payout.get("transactionType", "")).upper() == "WITHDRAWAL":
        amount = -amount
    return SettlementHeader(
        SOURCE,
        legacy_id(payout.get("legacyResourceId") or payout.get("id")),
        currency,
        payout_amount=amount,
        deposit_date=parse_date(payout.get("date") or payout.get("issuedAt")),
        account=account,
    )


def _payout_id(txn):
    payout = txn.get("associatedPayout")
    if isinstance(payout, dict):
        return legacy_id(payout.get("id"))
    return legacy_id(txn.get("payout_id"))


def _order_ref(txn):
    order = txn.get("associatedOrder")
    if isinstance(order, dict):
        return legacy_id(order.get("id"))
    return legacy_id(txn.get("source_order_id"))


def _fee_type(category):
    """Fee type of the fee column: dispute fees apart from payment fees."""
    return "dispute" if category.startswith("dispute") else "payment"


def iter_lines(transactions, acc, *, payout=None, account=""):
    """Yield the lines of the balance transactions of one payout.

    With ``payout`` (REST or GraphQL dict) its amount is the payout amount and
    transactions of other payouts are reported and left out; without it the
    payout transaction gives both.
    """
    expected_id = ""
    if payout is not None:
        acc.header = payout_header(payout, account=account)
        expected_id = acc.header.settlement_id
    for index, txn in enumerate(transactions, start=1):
        ttype = str(txn.get("type", "")).lower()
        payout_id = _payout_id(txn)
        if expected_id and payout_id != expected_id:
            acc.problem(
                ProblemCode.OTHER_SETTLEMENT, row=index, settlement_id=payout_id
            )
            continue
        try:
            gross = parse_money_field(txn.get("amount"))
            fee = parse_money_field(txn.get("fee") or "0")
            net = parse_money_field(txn.get("net")) if txn.get("net") else None
        except ValueError:
            acc.problem(ProblemCode.BAD_AMOUNT, row=index, value=str(txn.get("amount")))
            continue
        currency = (
            txn.get("currency")
            or money_currency(txn.get("amount"))
            or (acc.header.currency if acc.header else "")
        ).upper()
        if acc.header is None:
            acc.header = SettlementHeader(SOURCE, payout_id, currency, account=account)
            expected_id = payout_id
        if net is not None and gross - fee != net:
            acc.problem(
                ProblemCode.NET_MISMATCH, row=index, gross=gross, fee=fee, net=net
            )
        kind = TYPES.get(ttype, Kind.UNKNOWN)
        if kind is Kind.UNKNOWN:
            acc.problem(ProblemCode.UNKNOWN_TRANSACTION_TYPE, row=index, label=ttype)
        external = legacy_id(txn.get("id"))
        order_ref = _order_ref(txn)
        if kind is Kind.PAYOUT:
            _payout_transaction(acc, -gross, index)
        yield SettlementLine(
            kind,
            gross,
            currency,
            order_ref=order_ref,
            fee_type=FEE_TYPES.get(ttype, ""),
            label=ttype,
            external_id=external,
            row=index,
        )
        if fee:
            yield SettlementLine(
                Kind.FEE,
                -fee,
                currency,
                order_ref=order_ref,
                fee_type=_fee_type(ttype),
                label="%s fee" % ttype,
                external_id=external,
                row=index,
            )


def _payout_transaction(acc, amount, index):
    head = acc.header
    if head.payout_amount is None:
        acc.header = SettlementHeader(
            head.source,
            head.settlement_id,
            head.currency,
            payout_amount=amount,
            account=head.account,
        )
    elif head.payout_amount != amount:
        acc.problem(
            ProblemCode.PAYOUT_CONFLICT,
            row=index,
            first=head.payout_amount,
            other=amount,
        )


def read_shopify(
    transactions, *, payout=None, account="", by_order=True, keep_lines=False
):
    """Parse one payout's balance transactions into a :class:`Settlement`.

    ``transactions`` may be pages of API answers (see
    :func:`iter_transactions`) or transaction dicts; a generator of pages is
    read one page at a time.
    """
    acc = SettlementAccumulator(SOURCE, by_order=by_order, keep_lines=keep_lines)
    acc.extend(
        iter_lines(iter_transactions(transactions), acc, payout=payout, account=account)
    )
    return acc.finish()
