"""oms_domain.settlement parsers on samples built from the documented formats."""

import codecs
import copy
import io
import json
import tracemalloc
from decimal import Decimal

import pytest
from settlement_samples import (
    FIXTURES,
    amazon_text,
    fixture_text,
    stream,
    stripe_text,
)

from oms_domain.settlement import (
    ImportDecision,
    Kind,
    ProblemCode,
    SettlementError,
    open_text,
    parse_amount,
    read_amazon,
    read_shopify,
    read_stripe,
)
from oms_domain.settlement.amazon import classify, iter_lines
from oms_domain.settlement.common import parse_date
from oms_domain.settlement.model import SettlementAccumulator

D = Decimal


def amazon_fixture(**kwargs):
    return read_amazon(stream(fixture_text("amazon_v2.txt")), **kwargs)


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def shopify_rest(**kwargs):
    payout = load("shopify_payout_rest.json")["payouts"][0]
    return read_shopify(load("shopify_transactions_rest.json"), payout=payout, **kwargs)


def shopify_graphql(**kwargs):
    payout = load("shopify_payout_graphql.json")["data"]["shopifyPaymentsAccount"]
    node = payout["payouts"]["nodes"][0]
    return read_shopify(
        load("shopify_transactions_graphql.json"), payout=node, **kwargs
    )


def stripe_fixture(**kwargs):
    return read_stripe(stream(fixture_text("stripe_balance.csv")), **kwargs)


# Amazon


def test_amazon_sample_reconciles_to_the_cent():
    settlement = amazon_fixture()
    assert settlement.header.settlement_id == "11814592041"
    assert settlement.currency == "USD"
    assert settlement.payout_amount == D("61.53")
    assert settlement.lines_total == D("61.53")
    assert settlement.difference == 0
    assert settlement.is_reconciled
    assert settlement.problems == ()
    assert settlement.key == "amazon::11814592041"
    assert settlement.header.deposit_date.isoformat() == "2026-11-17T00:00:00+00:00"


def test_amazon_sample_kinds_and_fee_types():
    settlement = amazon_fixture()
    assert settlement.total(Kind.SALE) == D("158.00")
    assert settlement.total(Kind.REFUND) == D("-20.00")
    assert settlement.total(Kind.FEE, "commission") == D("-20.10")
    assert settlement.total(Kind.FEE, "fulfilment") == D("-3.22")
    assert settlement.total(Kind.FEE, "shipping") == D("-2.50")
    assert settlement.total(Kind.FEE, "subscription") == D("-39.99")
    assert settlement.total(Kind.FEE, "withheld_tax") == D("-8.00")
    assert settlement.total(Kind.FEE) == D("-73.81")
    assert settlement.total(Kind.RESERVE) == D("-15.00")
    assert settlement.total(Kind.ADJUSTMENT) == D("12.34")
    assert settlement.total(Kind.PAYOUT) == D("-61.53")
    assert all(isinstance(a, Decimal) for a in settlement.totals.values())


def test_amazon_sums_per_order_for_sales_and_refunds():
    settlement = amazon_fixture()
    groups = settlement.groups
    assert groups[(Kind.SALE, "", "112-1234567-7654321")] == D("113.00")
    assert groups[(Kind.SALE, "", "113-7654321-1234567")] == D("45.00")
    assert groups[(Kind.REFUND, "", "112-1234567-7654321")] == D("-20.00")
    # fees are summed per type, not per order
    assert groups[(Kind.FEE, "commission", "")] == D("-20.10")
    flat = amazon_fixture(by_order=False)
    assert flat.groups[(Kind.SALE, "", "")] == D("158.00")


def test_amazon_keep_lines_gives_fee_labels():
    settlement = amazon_fixture(keep_lines=True)
    assert settlement.line_count == len(settlement.lines) == 18
    labels = {line.kind_label for line in settlement.lines}
    assert {"sale", "refund", "fee:commission", "reserve", "payout"} <= labels
    assert amazon_fixture().lines == ()


@pytest.mark.parametrize(
    "ttype,atype,desc,expected",
    [
        ("Order", "ItemPrice", "Principal", (Kind.SALE, "")),
        ("Order", "Promotion", "Shipping", (Kind.SALE, "")),
        ("Refund", "ItemPrice", "Principal", (Kind.REFUND, "")),
        ("Chargeback Refund", "ItemPrice", "Principal", (Kind.REFUND, "")),
        ("Order", "ItemFees", "Commission", (Kind.FEE, "commission")),
        ("Order", "ItemFees", "FBAWeightBasedFee", (Kind.FEE, "fulfilment")),
        ("Order", "ItemFees", "NewFancyFee", (Kind.FEE, "new_fancy_fee")),
        (
            "other-transaction",
            "other-transaction",
            "Storage Fee",
            (Kind.FEE, "storage"),
        ),
        (
            "other-transaction",
            "other-transaction",
            "Current Reserve Amount",
            (Kind.RESERVE, ""),
        ),
        (
            "Adjustment",
            "FBA Inventory Reimbursement",
            "WAREHOUSE_DAMAGE",
            (Kind.ADJUSTMENT, ""),
        ),
        ("Mystery", "Something", "Else", (Kind.UNKNOWN, "")),
    ],
)
def test_amazon_classify(ttype, atype, desc, expected):
    assert classify(ttype, atype, desc) == expected


def test_amazon_unknown_fee_type_keeps_its_slug_and_reconciles():
    text = amazon_text(
        [
            ("Order", "A-1", "ItemPrice", "Principal", "10.00"),
            ("Order", "A-1", "ItemFees", "GalacticHandlingFee", "-1.11"),
        ],
        "8.89",
    )
    settlement = read_amazon(stream(text))
    assert settlement.is_reconciled
    assert settlement.total(Kind.FEE, "galactic_handling_fee") == D("-1.11")


def test_amazon_difference_is_flagged_not_forced():
    text = amazon_text([("Order", "A-1", "ItemPrice", "Principal", "10.00")], "9.99")
    settlement = read_amazon(stream(text))
    assert not settlement.is_reconciled
    assert settlement.difference == D("0.01")
    assert settlement.lines_total == D("10.00")
    assert settlement.payout_amount == D("9.99")
    (problem,) = settlement.problems
    assert problem.code is ProblemCode.PAYOUT_DIFFERENCE
    assert problem.params["difference"] == D("0.01")


def test_amazon_bad_amount_row_left_out_and_reported():
    text = amazon_text(
        [
            ("Order", "A-1", "ItemPrice", "Principal", "10.00"),
            ("Order", "A-1", "ItemPrice", "Tax", "abc"),
        ],
        "10.00",
    )
    settlement = read_amazon(stream(text))
    assert settlement.codes() == {ProblemCode.BAD_AMOUNT}
    assert settlement.problems[0].params == {"row": 3, "value": "abc"}
    assert settlement.is_reconciled


def test_amazon_other_settlement_rows_left_out():
    text = amazon_text([("Order", "A-1", "ItemPrice", "Principal", "10.00")], "10.00")
    text += text.splitlines()[2].replace("900001", "900002") + "\r\n"
    settlement = read_amazon(stream(text))
    assert settlement.codes() == {ProblemCode.OTHER_SETTLEMENT}
    assert settlement.is_reconciled


def test_amazon_unknown_transaction_reported():
    text = amazon_text([("Mystery", "", "Weird", "Thing", "-3.00")], "-3.00")
    settlement = read_amazon(stream(text))
    assert settlement.codes() == {ProblemCode.UNKNOWN_TRANSACTION_TYPE}
    assert settlement.total(Kind.UNKNOWN) == D("-3.00")
    assert settlement.problems[0].params["label"] == "Mystery/Weird/Thing"


def test_amazon_missing_summary_row_has_no_payout():
    text = amazon_text([("Order", "A-1", "ItemPrice", "Principal", "10.00")], "1")
    lines = text.splitlines()
    del lines[1]
    settlement = read_amazon(stream("\r\n".join(lines)))
    assert settlement.payout_amount is None
    assert settlement.difference is None
    assert not settlement.is_reconciled
    assert settlement.codes() == {ProblemCode.MISSING_PAYOUT}


def test_amazon_european_comma_decimals():
    text = amazon_text(
        [
            ("Order", "A-1", "ItemPrice", "Principal", "1.234,56"),
            ("Order", "A-1", "ItemFees", "Commission", "-185,18"),
        ],
        "1049,38",
    )
    settlement = read_amazon(stream(text))
    assert settlement.is_reconciled
    assert settlement.payout_amount == D("1049.38")


def test_amazon_missing_column_and_empty_file_raise_codes():
    with pytest.raises(SettlementError) as error:
        read_amazon(stream("settlement-id\tamount\r\n1\t2\r\n"))
    assert error.value.code == "missing_column"
    assert "total-amount" in error.value.params["columns"]
    with pytest.raises(SettlementError) as error:
        read_amazon(stream(""))
    assert error.value.code == "empty"
    header_only = amazon_text([], "0").splitlines()[0]
    with pytest.raises(SettlementError):
        read_amazon(stream(header_only))


def test_amazon_is_read_lazily_row_by_row():
    """The parser asks its stream for one row at a time."""
    text = amazon_text(
        [("Order", "A-%d" % i, "ItemPrice", "Principal", "1.00") for i in range(1000)],
        "1000.00",
    )
    consumed = []

    def rows():
        for line in text.splitlines(keepends=True):
            consumed.append(line)
            yield line

    acc = SettlementAccumulator("amazon")
    lines = iter_lines(rows(), acc)
    first = [next(lines), next(lines)]  # the payout line, then one sale
    assert len(consumed) <= 4
    acc.extend(first)
    acc.extend(lines)
    assert acc.finish().is_reconciled
    assert len(consumed) == 1002


# Idempotency


def test_same_file_twice_same_key_and_digest():
    first, second = amazon_fixture(), amazon_fixture()
    assert first.key == second.key
    assert first.digest == second.digest
    assert second.import_decision(first.digest) is ImportDecision.DUPLICATE
    assert first.import_decision(None) is ImportDecision.NEW


def test_changed_content_same_key_is_a_conflict():
    original = amazon_fixture()
    text = fixture_text("amazon_v2.txt").replace("-39.99", "-39.98")
    text = text.replace("\t61.53\t", "\t61.54\t")
    changed = read_amazon(stream(text))
    assert changed.is_reconciled
    assert changed.key == original.key
    assert changed.digest != original.digest
    assert changed.import_decision(original.digest) is ImportDecision.CONFLICT


def test_digest_does_not_depend_on_row_order():
    lines = fixture_text("amazon_v2.txt").splitlines(keepends=True)
    shuffled = lines[:2] + lines[2:][::-1]
    assert read_amazon(stream("".join(shuffled))).digest == amazon_fixture().digest


def test_account_is_part_of_the_key():
    assert amazon_fixture(account="EU").key == "amazon:EU:11814592041"
    assert amazon_fixture(account="EU").digest != amazon_fixture().digest


# Shopify


def test_shopify_rest_sample_reconciles():
    settlement = shopify_rest()
    assert settlement.header.settlement_id == "623721858"
    assert settlement.payout_amount == D("123.16")
    assert settlement.is_reconciled
    assert settlement.problems == ()
    assert settlement.total(Kind.SALE) == D("159.90")
    assert settlement.total(Kind.FEE, "payment") == D("-5.24")
    assert settlement.total(Kind.REFUND) == D("-20.00")
    assert settlement.total(Kind.ADJUSTMENT) == D("-1.50")
    assert settlement.total(Kind.RESERVE) == D("-10.00")
    assert settlement.groups[(Kind.SALE, "", "5001")] == D("100.00")


def test_shopify_graphql_sample_same_settlement_as_rest():
    rest, graphql = shopify_rest(), shopify_graphql()
    assert graphql.is_reconciled
    assert graphql.key == rest.key == "shopify::623721858"
    assert graphql.digest == rest.digest
    assert graphql.groups == rest.groups


def test_shopify_pages_read_one_by_one():
    transactions = load("shopify_transactions_rest.json")["transactions"]
    pages = ({"transactions": transactions[i : i + 2]} for i in range(0, 6, 2))
    settlement = read_shopify(pages)
    # without the payout object the payout transaction gives the amount
    assert settlement.payout_amount == D("123.16")
    assert settlement.is_reconciled
    assert settlement.digest == shopify_rest().digest


def test_shopify_graphql_nodes_connection():
    doc = load("shopify_transactions_graphql.json")
    edges = doc["data"]["shopifyPaymentsAccount"]["balanceTransactions"]["edges"]
    nodes = {"nodes": [edge["node"] for edge in edges]}
    assert read_shopify(nodes).is_reconciled


def test_shopify_net_mismatch_and_foreign_payout():
    doc = load("shopify_transactions_rest.json")
    doc["transactions"][0]["net"] = "96.81"
    foreign = copy.deepcopy(doc["transactions"][1])
    foreign["payout_id"] = 1
    doc["transactions"].append(foreign)
    payout = load("shopify_payout_rest.json")["payouts"][0]
    settlement = read_shopify(doc, payout=payout)
    assert settlement.codes() == {
        ProblemCode.NET_MISMATCH,
        ProblemCode.OTHER_SETTLEMENT,
    }
    # amount and fee are what Shopify moved: still reconciled, mismatch flagged
    assert settlement.is_reconciled


def test_shopify_payout_conflict_and_difference():
    payout = dict(load("shopify_payout_rest.json")["payouts"][0], amount="123.00")
    settlement = read_shopify(load("shopify_transactions_rest.json"), payout=payout)
    assert settlement.codes() == {
        ProblemCode.PAYOUT_CONFLICT,
        ProblemCode.PAYOUT_DIFFERENCE,
    }
    assert settlement.difference == D("0.16")


def test_shopify_unknown_type_and_float_amounts():
    txns = [
        {
            "id": 1,
            "type": "charge",
            "amount": 10.1,
            "fee": 0.3,
            "net": 9.8,
            "currency": "usd",
            "payout_id": 9,
            "source_order_id": 5,
        },
        {
            "id": 2,
            "type": "loyalty_bonus",
            "amount": "1.00",
            "fee": "0.00",
            "net": "1.00",
            "currency": "USD",
            "payout_id": 9,
        },
        {
            "id": 3,
            "type": "payout",
            "amount": "-10.80",
            "fee": "0",
            "net": "-10.80",
            "currency": "USD",
            "payout_id": 9,
        },
    ]
    settlement = read_shopify(txns)
    assert settlement.codes() == {ProblemCode.UNKNOWN_TRANSACTION_TYPE}
    assert settlement.total(Kind.SALE) == D("10.1")
    assert settlement.total(Kind.FEE, "payment") == D("-0.3")
    assert settlement.is_reconciled


# Stripe


def test_stripe_sample_reconciles():
    settlement = stripe_fixture(payout_id="po_1QxYz2AbCdEfGh")
    assert settlement.currency == "EUR"
    assert settlement.payout_amount == D("67.61")
    assert settlement.is_reconciled
    assert settlement.problems == ()
    assert settlement.total(Kind.SALE) == D("165.00")
    assert settlement.total(Kind.FEE, "payment") == D("-5.39")
    assert settlement.total(Kind.FEE, "dispute") == D("-15.00")
    assert settlement.total(Kind.FEE, "stripe_billing") == D("-2.00")
    assert settlement.groups[(Kind.SALE, "", "1001")] == D("45.00")
    assert settlement.groups[(Kind.REFUND, "", "1001")] == D("-45.00")
    assert settlement.key == "stripe::po_1QxYz2AbCdEfGh"


def test_stripe_without_payout_filter_takes_the_payout_row():
    settlement = stripe_fixture()
    assert settlement.header.settlement_id == "po_1QxYz2AbCdEfGh"
    assert settlement.is_reconciled


def test_stripe_payout_amount_from_the_bank():
    same = stripe_fixture(payout_id="po_1QxYz2AbCdEfGh", payout_amount=D("67.61"))
    assert same.is_reconciled and same.problems == ()
    other = stripe_fixture(payout_id="po_1QxYz2AbCdEfGh", payout_amount=D("67.00"))
    assert other.codes() == {
        ProblemCode.PAYOUT_CONFLICT,
        ProblemCode.PAYOUT_DIFFERENCE,
    }
    assert other.difference == D("0.61")


def test_stripe_without_payout_row():
    text = stripe_text([("charge", D("10.00"), D("0.59"), "7")])
    settlement = read_stripe(stream(text), payout_id="po_test")
    assert settlement.codes() == {ProblemCode.MISSING_PAYOUT}
    given = read_stripe(stream(text), payout_id="po_test", payout_amount=D("9.41"))
    assert given.is_reconciled
    assert given.currency == "EUR"


def test_stripe_rows_of_another_payout_and_unknown_category():
    text = stripe_text(
        [
            ("charge", D("10.00"), D("0.59"), "7"),
            ("climate_order_purchase", D("-1.00"), D("0"), ""),
            ("payout", D("-8.41"), D("0"), ""),
        ]
    )
    other = stripe_text([("charge", D("5.00"), D("0"), "8")], payout_id="po_x")
    text += other.splitlines()[1] + "\n"
    settlement = read_stripe(stream(text), payout_id="po_test")
    assert settlement.codes() == {
        ProblemCode.OTHER_SETTLEMENT,
        ProblemCode.UNKNOWN_TRANSACTION_TYPE,
    }
    assert settlement.is_reconciled


def test_stripe_order_from_description():
    text = fixture_text("stripe_balance.csv").replace(",1001\n", ",\n", 1)
    settlement = read_stripe(stream(text))
    assert settlement.groups[(Kind.SALE, "", "1001")] == D("45.00")


# Amounts


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1234.56", "1234.56"),
        ("-1,234.56", "-1234.56"),
        ("1.234,56", "1234.56"),
        ("12,3", "12.3"),
        ("1,234", "1234"),
        (" -0.01 ", "-0.01"),
        ("1\u00a0234,50", "1234.50"),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == D(expected)
    assert isinstance(parse_amount(text), Decimal)


@pytest.mark.parametrize("text", ["", "abc", "NaN", "Infinity", "1.2.3,4,5"])
def test_parse_amount_refuses(text):
    with pytest.raises(ValueError):
        parse_amount(text)


# Encodings, currencies, memory


def test_open_text_utf8_bom_and_windows_1252():
    text = amazon_text(
        [("Order", "A-1", "ItemPrice", "Principal", "10.00")], "10.00"
    ).replace("Principal", "Prix unitaire é")
    for data in (
        text.encode("utf-8"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
        text.encode("cp1252"),
    ):
        settlement = read_amazon(open_text(io.BytesIO(data)), keep_lines=True)
        assert settlement.is_reconciled
        assert settlement.lines[1].label == "Order/ItemPrice/Prix unitaire é"


def test_mixed_currency_reported():
    text = fixture_text("stripe_balance.csv")
    lines = text.splitlines()
    lines[2] = lines[2].replace(",eur,", ",usd,")
    settlement = read_stripe(stream("\n".join(lines)))
    assert settlement.codes() == {ProblemCode.MIXED_CURRENCY}
    assert settlement.problems[0].params == {"row": 2, "currency": "USD"}


def test_streaming_memory_does_not_grow_with_rows():
    def peak(rows):
        text = amazon_text(
            [
                ("Order", "A-%d" % (i % 10), "ItemPrice", "Principal", "1.00")
                for i in range(rows)
            ],
            "%d.00" % rows,
        )
        lines = text.splitlines(keepends=True)
        tracemalloc.start()
        try:
            settlement = read_amazon(iter(lines))
            return tracemalloc.get_traced_memory()[1], settlement
        finally:
            tracemalloc.stop()

    small, _settlement = peak(1_000)
    large, settlement = peak(20_000)
    assert settlement.is_reconciled and settlement.line_count == 20_001
    assert large < small * 2 + 100_000


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026-11-17 06:50:39 UTC", "2026-11-17T06:50:39+00:00"),
        ("17.11.2026 06:50:39 UTC", "2026-11-17T06:50:39+00:00"),
        ("2026-11-17T06:50:39+01:00", "2026-11-17T05:50:39+00:00"),
        ("2026-11-17T06:50:39Z", "2026-11-17T06:50:39+00:00"),
        ("2026-11-17", "2026-11-17T00:00:00+00:00"),
        ("1795330239", "2026-11-22T06:50:39+00:00"),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text).isoformat() == expected


def test_parse_date_unreadable():
    assert parse_date("") is None
    assert parse_date("someday") is None


def test_shopify_graphql_withdrawal_payout_is_negative():
    payout = {
        "id": "gid://shopify/ShopifyPaymentsPayout/77",
        "legacyResourceId": "77",
        "transactionType": "WITHDRAWAL",
        "net": {"amount": "5.00", "currencyCode": "CAD"},
    }
    txns = {
        "nodes": [
            {
                "id": "gid://shopify/ShopifyPaymentsBalanceTransaction/1",
                "type": "ADJUSTMENT",
                "amount": {"amount": "-5.00", "currencyCode": "CAD"},
                "fee": {"amount": "0.00", "currencyCode": "CAD"},
                "net": {"amount": "-5.00", "currencyCode": "CAD"},
                "associatedPayout": {"id": "gid://shopify/ShopifyPaymentsPayout/77"},
            }
        ]
    }
    settlement = read_shopify(txns, payout=payout)
    assert settlement.payout_amount == D("-5.00")
    assert settlement.currency == "CAD"
    assert settlement.is_reconciled


def test_file_naming_no_settlement_is_keyed_by_content():
    text = stripe_text(
        [("charge", D("10.00"), D("0.59"), "7"), ("payout", D("-9.41"), D("0"), "")],
        payout_id="",
    )
    text = text.replace(",src_2,", ",,")  # the payout row names no payout either
    first, second = read_stripe(stream(text)), read_stripe(stream(text))
    assert first.codes() == {ProblemCode.NO_SETTLEMENT_ID}
    assert first.is_reconciled
    assert first.key == second.key == "stripe::digest-%s" % first.digest[:32]
    other = read_stripe(stream(text.replace("10.00,0.59,9.41", "11.00,0.59,10.41")))
    assert other.key != first.key
