"""Amazon settlement report, flat file V2 (tab-separated).

Documented columns: settlement-id, settlement-start-date, settlement-end-date,
deposit-date, total-amount, currency, transaction-type, order-id,
merchant-order-id, adjustment-id, shipment-id, marketplace-name, amount-type,
amount-description, amount, fulfillment-id, posted-date, posted-date-time,
order-item-code, merchant-order-item-id, merchant-adjustment-item-id, sku,
quantity-purchased, promotion-id.

The first data row is the summary: dates, ``total-amount`` (the deposit) and
currency, no ``amount``. Every other row is one amount of one order, refund
or other transaction; ``amount-type``/``amount-description`` say what it is
(ItemPrice/Principal, ItemFees/Commission, other-transaction/Current Reserve
Amount...). Rows are read one at a time.
"""

import csv
from functools import lru_cache

from .common import compact, parse_date, slug
from .model import (
    Kind,
    ProblemCode,
    SettlementAccumulator,
    SettlementError,
    SettlementHeader,
    SettlementLine,
    parse_amount,
)

SOURCE = "amazon"
REQUIRED = (
    "settlement-id",
    "total-amount",
    "currency",
    "transaction-type",
    "order-id",
    "amount-type",
    "amount-description",
    "amount",
)

#: amount-description (compacted) -> fee type; anything else keeps its slug
FEE_TYPES = {
    "commission": "commission",
    "refundcommission": "commission",
    "variableclosingfee": "closing",
    "fixedclosingfee": "closing",
    "fbaperunitfulfillmentfee": "fulfilment",
    "fbaperorderfulfillmentfee": "fulfilment",
    "fbaweightbasedfee": "fulfilment",
    "fbapickpackfee": "fulfilment",
    "fbaweighthandlingfee": "fulfilment",
    "shippingchargeback": "shipping",
    "shippinghb": "shipping",
    "giftwrapchargeback": "shipping",
    "subscriptionfee": "subscription",
    "subscription": "subscription",
    "storagefee": "storage",
    "fbastoragefee": "storage",
    "storagerenewalbilling": "storage",
    "fbalongtermstoragefee": "storage",
    "costofadvertising": "advertising",
    "digitalservicesfee": "digital_services",
    "digitalservicesfeefba": "digital_services",
    "salestaxcollectionfee": "tax_collection",
}
#: amount-description (compacted) of other-transaction rows that are fees
OTHER_FEES = {
    "subscriptionfee",
    "storagefee",
    "fbastoragefee",
    "storagerenewalbilling",
    "fbalongtermstoragefee",
    "costofadvertising",
    "digitalservicesfee",
}
ADJUSTMENT_TYPES = {
    "fbainventoryreimbursement",
    "reversalreimbursement",
    "warehousedamage",
    "warehouselost",
    "miscadjustment",
    "payabletoamazon",
    "successfulchargeback",
    "successfulcharge",
    "adjustment",
    "chargebackrefund",
    "atozguaranteeclaim",
    "safetreimbursement",
    "liquidations",
}
SALE_AMOUNT_TYPES = {"itemprice", "promotion"}
REFUND_TRANSACTIONS = ("refund", "chargeback", "guarantee")


def classify(transaction_type, amount_type, description):
    """(kind, fee_type) of one row, from Amazon's three describing columns."""
    ttype, atype, desc = (
        compact(v) for v in (transaction_type, amount_type, description)
    )
    if "reserve" in desc or "reserve" in ttype:
        return Kind.RESERVE, ""
    if atype in SALE_AMOUNT_TYPES:
        if any(word in ttype for word in REFUND_TRANSACTIONS):
            return Kind.REFUND, ""
        return Kind.SALE, ""
    if atype == "itemwithheldtax" or desc.startswith("marketplacefacilitatortax"):
        return Kind.FEE, "withheld_tax"
    if atype == "itemfees":
        return Kind.FEE, FEE_TYPES.get(desc) or slug(description) or "other"
    if atype == "costofadvertising" or desc in OTHER_FEES or ttype == "servicefee":
        return Kind.FEE, FEE_TYPES.get(desc) or slug(description) or "other"
    if (
        atype in ADJUSTMENT_TYPES
        or ttype in ADJUSTMENT_TYPES
        or desc in ADJUSTMENT_TYPES
    ):
        return Kind.ADJUSTMENT, ""
    return Kind.UNKNOWN, ""


@lru_cache(maxsize=4096)
def describe(transaction_type, amount_type, description):
    """(kind, fee_type, label) of a row; a settlement repeats a few dozen of them."""
    kind, fee_type = classify(transaction_type, amount_type, description)
    label = "/".join(v.strip() for v in (transaction_type, amount_type, description))
    return kind, fee_type, label


def iter_lines(stream, acc, *, account=""):
    """Yield the :class:`SettlementLine` of a V2 flat file, setting ``acc.header``.

    ``stream`` is a text stream (opened with ``newline=""``). Rows of another
    settlement id and rows whose amount cannot be read are reported on ``acc``
    and left out.
    """
    reader = csv.reader(stream, delimiter="\t")
    columns = next(reader, None)
    if not columns:
        raise SettlementError(ProblemCode.EMPTY.value, source=SOURCE)
    columns = [c.strip().lstrip("\ufeff").lower() for c in columns]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise SettlementError(
            ProblemCode.MISSING_COLUMN.value, source=SOURCE, columns=missing
        )
    col = {name: i for i, name in enumerate(columns)}
    width = len(columns)
    i_id, i_total, i_cur = col["settlement-id"], col["total-amount"], col["currency"]
    i_tt, i_order = col["transaction-type"], col["order-id"]
    i_at, i_ad, i_amount = col["amount-type"], col["amount-description"], col["amount"]
    i_item = col.get("order-item-code")
    i_adj = col.get("adjustment-id")
    settlement_id = currency = None
    for row_number, row in enumerate(reader, start=1):
        if not row or not any(row):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        sid = row[i_id].strip()
        if settlement_id is None:
            settlement_id = sid
            currency = row[i_cur].strip().upper()
            acc.header = SettlementHeader(
                SOURCE, settlement_id, currency, account=account
            )
        elif sid and sid != settlement_id:
            acc.problem(ProblemCode.OTHER_SETTLEMENT, row=row_number, settlement_id=sid)
            continue
        total = row[i_total].strip()
        amount_text = row[i_amount].strip()
        if total and not amount_text:
            yield from _summary(acc, row, col, row_number, account)
            currency = acc.header.currency
            continue
        try:
            amount = parse_amount(amount_text)
        except ValueError:
            acc.problem(ProblemCode.BAD_AMOUNT, row=row_number, value=amount_text)
            continue
        kind, fee_type, label = describe(row[i_tt], row[i_at], row[i_ad])
        if kind is Kind.UNKNOWN:
            acc.problem(
                ProblemCode.UNKNOWN_TRANSACTION_TYPE, row=row_number, label=label
            )
        external = (row[i_item].strip() if i_item is not None else "") or (
            row[i_adj].strip() if i_adj is not None else ""
        )
        yield SettlementLine(
            kind,
            amount,
            row[i_cur].strip().upper() or currency,
            order_ref=row[i_order].strip(),
            fee_type=fee_type,
            label=label,
            external_id=external,
            row=row_number,
        )


def _summary(acc, row, col, row_number, account):
    """Header of the settlement from its summary row, and the payout line."""
    text = row[col["total-amount"]].strip()
    try:
        total = parse_amount(text)
    except ValueError:
        acc.problem(ProblemCode.BAD_AMOUNT, row=row_number, value=text)
        return
    head = acc.header
    if head.payout_amount is not None:
        if head.payout_amount != total:
            acc.problem(
                ProblemCode.PAYOUT_CONFLICT,
                row=row_number,
                first=head.payout_amount,
                other=total,
            )
        return

    def cell(name):
        return row[col[name]].strip() if name in col else ""

    acc.header = SettlementHeader(
        SOURCE,
        head.settlement_id,
        cell("currency").upper() or head.currency,
        payout_amount=total,
        start=parse_date(cell("settlement-start-date")),
        end=parse_date(cell("settlement-end-date")),
        deposit_date=parse_date(cell("deposit-date")),
        account=account,
    )
    yield SettlementLine(
        Kind.PAYOUT,
        -total,
        acc.header.currency,
        label="deposit",
        external_id=head.settlement_id,
        row=row_number,
    )


def read_amazon(stream, *, account="", by_order=True, keep_lines=False):
    """Parse a whole V2 flat file into a :class:`Settlement`, row by row."""
    acc = SettlementAccumulator(SOURCE, by_order=by_order, keep_lines=keep_lines)
    acc.extend(iter_lines(stream, acc, account=account))
    return acc.finish()
