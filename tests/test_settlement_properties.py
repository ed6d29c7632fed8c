"""Property tests: settlements add up exactly, in Decimal, whatever the rows."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from settlement_samples import amazon_text, stream, stripe_text

from oms_domain.settlement import (
    AccountMap,
    Kind,
    ProblemCode,
    build_entry,
    parse_amount,
    read_amazon,
    read_shopify,
    read_stripe,
)

ACCOUNTS = AccountMap(
    clearing="c",
    payout="p",
    suspense="s",
    refund="r",
    reserve="res",
    adjustment="adj",
    fees={"commission": "f1", "fulfilment": "f2", "payment": "f3"},
)
AMAZON_ROWS = [
    ("Order", "ItemPrice", "Principal"),
    ("Order", "ItemPrice", "Tax"),
    ("Order", "Promotion", "Principal"),
    ("Order", "ItemFees", "Commission"),
    ("Order", "ItemFees", "FBAPerUnitFulfillmentFee"),
    ("Order", "ItemFees", "BrandNewSurcharge"),
    ("Refund", "ItemPrice", "Principal"),
    ("other-transaction", "other-transaction", "Current Reserve Amount"),
    ("Adjustment", "FBA Inventory Reimbursement", "WAREHOUSE_LOST"),
    ("Mystery", "Unheard", "Of"),
]
cents = st.integers(min_value=-10_000_000, max_value=10_000_000).map(
    lambda n: Decimal(n).scaleb(-2)
)
amazon_rows = st.lists(
    st.tuples(
        st.sampled_from(AMAZON_ROWS),
        st.sampled_from(["A-1", "A-2", "A-3", ""]),
        cents,
    ),
    min_size=1,
    max_size=40,
)


def european(amount):
    """1234.5 -> 1.234,50 (thousands dots, decimal comma)."""
    text = f"{amount:,.2f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def amazon_file(rows, total, eu=False):
    fmt = european if eu else (lambda a: format(a, "f"))
    return amazon_text(
        [(tt, order, at, desc, fmt(amount)) for (tt, at, desc), order, amount in rows],
        fmt(total),
    )


@settings(max_examples=150, deadline=None)
@given(amazon_rows, st.booleans())
def test_amazon_totals_exact(rows, eu):
    total = sum((amount for _row, _order, amount in rows), Decimal(0))
    settlement = read_amazon(stream(amazon_file(rows, total, eu)))
    assert settlement.payout_amount == total
    assert settlement.lines_total == total
    assert settlement.difference == 0
    assert settlement.is_reconciled
    assert not settlement.codes() - {ProblemCode.UNKNOWN_TRANSACTION_TYPE}
    assert all(isinstance(a, Decimal) for a in settlement.totals.values())
    assert sum(settlement.groups.values(), Decimal(0)) == 0  # payout included
    entry = build_entry(settlement, ACCOUNTS)
    assert entry.debit == entry.credit
    assert entry.postable
    suspense = {p.code for p in entry.problems}
    assert suspense <= {ProblemCode.UNKNOWN_FEE_TYPE}


@settings(max_examples=100, deadline=None)
@given(amazon_rows, cents.filter(bool))
def test_amazon_difference_reported_exactly(rows, delta):
    total = sum((amount for _row, _order, amount in rows), Decimal(0))
    settlement = read_amazon(stream(amazon_file(rows, total + delta)))
    assert settlement.difference == -delta
    assert ProblemCode.PAYOUT_DIFFERENCE in settlement.codes()
    entry = build_entry(settlement, ACCOUNTS)
    assert not entry.postable
    assert entry.debit == entry.credit
    (difference,) = [
        p for p in entry.problems if p.code is ProblemCode.PAYOUT_DIFFERENCE
    ]
    assert difference.params["difference"] == -delta


@settings(max_examples=60, deadline=None)
@given(amazon_rows, st.randoms(use_true_random=False))
def test_digest_ignores_order_and_key_is_stable(rows, random):
    total = sum((amount for _row, _order, amount in rows), Decimal(0))
    lines = amazon_file(rows, total).splitlines(keepends=True)
    body = lines[2:]
    random.shuffle(body)
    first = read_amazon(stream("".join(lines)))
    second = read_amazon(stream("".join(lines[:2] + body)))
    assert first.key == second.key
    assert first.digest == second.digest
    assert first.groups == second.groups


@settings(max_examples=200)
@given(cents)
def test_parse_amount_round_trips(amount):
    assert parse_amount(format(amount, "f")) == amount
    assert parse_amount(f"{amount:,.2f}") == amount
    assert parse_amount(european(amount)) == amount


fee_rows = st.lists(
    st.tuples(
        st.sampled_from(["charge", "refund", "dispute", "adjustment", "fee"]),
        cents,
        cents.map(abs),
        st.sampled_from(["1001", "1002", ""]),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(fee_rows)
def test_stripe_payout_row_reconciles(rows):
    net = sum((gross - fee for _c, gross, fee, _o in rows), Decimal(0))
    text = stripe_text(rows + [("payout", -net, Decimal(0), "")])
    settlement = read_stripe(stream(text), payout_id="po_test")
    assert settlement.payout_amount == net
    assert settlement.is_reconciled
    entry = build_entry(settlement, ACCOUNTS)
    assert entry.debit == entry.credit


@settings(max_examples=100, deadline=None)
@given(fee_rows)
def test_shopify_gross_fee_net_reconcile(rows):
    txns = [
        {
            "id": index,
            "type": category if category != "fee" else "charge",
            "amount": format(gross, "f"),
            "fee": format(fee, "f"),
            "net": format(gross - fee, "f"),
            "currency": "USD",
            "payout_id": 7,
            "source_order_id": order or None,
        }
        for index, (category, gross, fee, order) in enumerate(rows, start=1)
    ]
    net = sum((gross - fee for _c, gross, fee, _o in rows), Decimal(0))
    payout = {"id": 7, "currency": "USD", "amount": format(net, "f")}
    settlement = read_shopify({"transactions": txns}, payout=payout)
    assert settlement.is_reconciled
    assert settlement.problems == ()
    assert settlement.total(Kind.FEE) == -sum((f for *_x, f, _o in rows), Decimal(0))
