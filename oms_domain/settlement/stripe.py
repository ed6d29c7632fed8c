"""Stripe balance report CSV (WooCommerce Stripe Gateway payouts).

Stripe's itemized balance reports (Dashboard > Reports > Balance / Payout
reconciliation, or the Reporting API) have one row per balance transaction:
``balance_transaction_id``, ``created``, ``available_on``, ``currency`` (lower
case), ``gross``, ``fee``, ``net`` (major units, ``net = gross - fee``),
``reporting_category`` (charge, refund, dispute, fee, payout, risk_reserved_funds
...), ``source_id`` and the payout (``automatic_payout_id`` in the itemized
reports, ``payout_id`` in our export). The WooCommerce gateway puts the order
number in the charge metadata (``payment_metadata[order_id]``); ``order_id`` or
``description`` (``... Order 1234``) are read when present.

A payout row (``reporting_category`` payout, negative gross) gives the payout
amount; without it pass ``payout_amount`` (from the payout object or the bank).
"""

import csv
import re

from .common import parse_date
from .model import (
    Kind,
    ProblemCode,
    SettlementAccumulator,
    SettlementError,
    SettlementHeader,
    SettlementLine,
    parse_amount,
)

SOURCE = "stripe"
REQUIRED = (
    "balance_transaction_id",
    "currency",
    "gross",
    "fee",
    "net",
    "reporting_category",
)
PAYOUT_COLUMNS = ("payout_id", "automatic_payout_id")
ORDER_COLUMNS = ("order_id", "payment_metadata[order_id]")
CATEGORIES = {
    "charge": Kind.SALE,
    "partial_capture_reversal": Kind.SALE,
    "charge_failure": Kind.SALE,
    "refund": Kind.REFUND,
    "refund_failure": Kind.REFUND,
    "dispute": Kind.ADJUSTMENT,
    "dispute_reversal": Kind.ADJUSTMENT,
    "other_adjustment": Kind.ADJUSTMENT,
    "adjustment": Kind.ADJUSTMENT,
    "risk_reserved_funds": Kind.RESERVE,
    "connect_reserved_funds": Kind.RESERVE,
    "fee": Kind.FEE,
    "network_cost": Kind.FEE,
    "tax": Kind.FEE,
    "payout": Kind.PAYOUT,
    "payout_reversal": Kind.PAYOUT,
}
#: fee type of the rows that are fees themselves (Stripe billing, network costs)
FEE_TYPES = {"fee": "stripe_billing", "network_cost": "network_cost", "tax": "fee_tax"}
_ORDER_IN_TEXT = re.compile(r"order\s*#?\s*(\w[\w-]*)", re.IGNORECASE)


def _fee_type(category):
    """Fee type of the fee column: dispute fees apart from payment fees."""
    return "dispute" if category.startswith("dispute") else "payment"


def iter_lines(stream, acc, *, payout_id="", account=""):
    """Yield the lines of a balance report CSV, setting ``acc.header``.

    With ``payout_id`` only rows of that payout are read (others are reported
    as another settlement); rows without a payout column are all read.
    """
    reader = csv.reader(stream)
    columns = next(reader, None)
    if not columns:
        raise SettlementError(ProblemCode.EMPTY.value, source=SOURCE)
    columns = [c.strip().lstrip("\ufeff") for c in columns]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise SettlementError(
            ProblemCode.MISSING_COLUMN.value, source=SOURCE, columns=missing
        )
    col = {name: i for i, name in enumerate(columns)}
    width = len(columns)
    i_payout = next((col[c] for c in PAYOUT_COLUMNS if c in col), None)
    i_orders = [col[c] for c in ORDER_COLUMNS if c in col]
    i_desc = col.get("description")
    i_id, i_cur, i_cat = (
        col["balance_transaction_id"],
        col["currency"],
        col["reporting_category"],
    )
    i_gross, i_fee, i_net = col["gross"], col["fee"], col["net"]
    i_source = col.get("source_id")
    i_created = col.get("created", col.get("created_utc"))
    for row_number, row in enumerate(reader, start=1):
        if not row or not any(row):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        row_payout = row[i_payout].strip() if i_payout is not None else ""
        if payout_id and row_payout and row_payout != payout_id:
            acc.problem(
                ProblemCode.OTHER_SETTLEMENT, row=row_number, settlement_id=row_payout
            )
            continue
        currency = row[i_cur].strip().upper()
        if acc.header is None:
            acc.header = SettlementHeader(
                SOURCE, payout_id or row_payout, currency, account=account
            )
        try:
            gross = parse_amount(row[i_gross])
            fee = parse_amount(row[i_fee] or "0")
            net = parse_amount(row[i_net]) if row[i_net].strip() else None
        except ValueError:
            acc.problem(ProblemCode.BAD_AMOUNT, row=row_number, value=row[i_gross])
            continue
        if net is not None and gross - fee != net:
            acc.problem(
                ProblemCode.NET_MISMATCH, row=row_number, gross=gross, fee=fee, net=net
            )
        category = row[i_cat].strip().lower()
        kind = CATEGORIES.get(category, Kind.UNKNOWN)
        if kind is Kind.UNKNOWN:
            acc.problem(
                ProblemCode.UNKNOWN_TRANSACTION_TYPE, row=row_number, label=category
            )
        external = row[i_id].strip()
        order_ref = _order_ref(row, i_orders, i_desc)
        if kind is Kind.PAYOUT:
            source_id = row[i_source].strip() if i_source is not None else ""
            created = parse_date(row[i_created]) if i_created is not None else None
            _payout_row(
                acc, -(gross - fee), row_number, row_payout or source_id, created
            )
        yield SettlementLine(
            kind,
            gross,
            currency,
            order_ref=order_ref,
            fee_type=FEE_TYPES.get(category, ""),
            label=category,
            external_id=external
            or (row[i_source].strip() if i_source is not None else ""),
            row=row_number,
        )
        if fee:
            yield SettlementLine(
                Kind.FEE,
                -fee,
                currency,
                order_ref=order_ref,
                fee_type=_fee_type(category),
                label="%s fee" % category,
                external_id=external,
                row=row_number,
            )


def _order_ref(row, i_orders, i_desc):
    for index in i_orders:
        if row[index].strip():
            return row[index].strip()
    if i_desc is not None:
        found = _ORDER_IN_TEXT.search(row[i_desc])
        if found:
            return found.group(1)
    return ""


def _payout_row(acc, amount, row_number, payout_ref, created):
    head = acc.header
    if head.payout_amount is not None and head.payout_amount != amount:
        acc.problem(
            ProblemCode.PAYOUT_CONFLICT,
            row=row_number,
            first=head.payout_amount,
            other=amount,
        )
    acc.header = SettlementHeader(
        head.source,
        head.settlement_id or payout_ref,
        head.currency,
        payout_amount=head.payout_amount if head.payout_amount is not None else amount,
        deposit_date=head.deposit_date or created,
        account=head.account,
    )


def read_stripe(
    stream,
    *,
    payout_id="",
    payout_amount=None,
    account="",
    by_order=True,
    keep_lines=False,
):
    """Parse a Stripe balance report CSV into a :class:`Settlement`.

    ``payout_amount`` (positive, e.g. from the bank line or the payout object)
    is checked against a payout row when the file has one.
    """
    acc = SettlementAccumulator(SOURCE, by_order=by_order, keep_lines=keep_lines)
    if payout_amount is not None:
        acc.header = SettlementHeader(
            SOURCE, payout_id, "", payout_amount=payout_amount, account=account
        )
    acc.extend(
        _fill_currency(
            iter_lines(stream, acc, payout_id=payout_id, account=account), acc
        )
    )
    return acc.finish()


def _fill_currency(lines, acc):
    for line in lines:
        if not acc.header.currency:
            head = acc.header
            acc.header = SettlementHeader(
                head.source,
                head.settlement_id,
                line.currency,
                payout_amount=head.payout_amount,
                account=head.account,
            )
        yield line
