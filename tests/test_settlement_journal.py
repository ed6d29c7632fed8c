"""Journal entry line values of settlements, by account role."""

from decimal import Decimal

from settlement_samples import amazon_text, fixture_text, stream

from oms_domain.settlement import (
    AccountMap,
    ProblemCode,
    Role,
    build_entry,
    read_amazon,
    read_stripe,
)

D = Decimal
ACCOUNTS = AccountMap(
    clearing="clearing",
    payout="outstanding",
    suspense="suspense",
    refund="refunds",
    reserve="reserve",
    adjustment="adjustments",
    fees={
        "commission": "fee_commission",
        "fulfilment": "fee_fulfilment",
        "shipping": "fee_shipping",
        "subscription": "fee_subscription",
        "withheld_tax": "tax_withheld",
        "payment": "fee_payment",
        "dispute": "fee_dispute",
        "stripe_billing": "fee_payment",
    },
)


def amazon_entry(text=None, accounts=ACCOUNTS):
    settlement = read_amazon(stream(text or fixture_text("amazon_v2.txt")))
    return settlement, build_entry(settlement, accounts)


def by_account(entry):
    result = {}
    for line in entry.lines:
        result[line.account] = result.get(line.account, D(0)) + line.balance
    return result


def test_amazon_entry_balances_and_is_postable():
    settlement, entry = amazon_entry()
    assert entry.postable
    assert entry.problems == ()
    assert entry.debit == entry.credit == D("170.34")
    assert entry.ref == settlement.key
    assert entry.digest == settlement.digest
    assert entry.currency == "USD"
    assert entry.date == settlement.header.deposit_date
    assert by_account(entry) == {
        "clearing": D("-158.00"),
        "refunds": D("20.00"),
        "fee_commission": D("20.10"),
        "fee_fulfilment": D("3.22"),
        "fee_shipping": D("2.50"),
        "fee_subscription": D("39.99"),
        "tax_withheld": D("8.00"),
        "reserve": D("15.00"),
        "adjustments": D("-12.34"),
        "outstanding": D("61.53"),
    }
    for line in entry.lines:
        assert (line.debit == 0) != (line.credit == 0)
        assert line.debit >= 0 and line.credit >= 0


def test_sales_and_refunds_stay_per_order():
    _settlement, entry = amazon_entry()
    clearing = [line for line in entry.lines if line.role is Role.CLEARING]
    assert [(line.order_ref, line.credit) for line in clearing] == [
        ("112-1234567-7654321", D("113.00")),
        ("113-7654321-1234567", D("45.00")),
    ]
    (payout,) = [line for line in entry.lines if line.role is Role.PAYOUT]
    assert payout.debit == D("61.53") and payout.account == "outstanding"


def test_unknown_fee_type_lands_on_suspense_with_a_code():
    text = amazon_text(
        [
            ("Order", "A-1", "ItemPrice", "Principal", "10.00"),
            ("Order", "A-1", "ItemFees", "Commission", "-1.50"),
            ("Order", "A-1", "ItemFees", "GalacticHandlingFee", "-1.11"),
        ],
        "7.39",
    )
    _settlement, entry = amazon_entry(text)
    assert entry.postable  # balanced: the accountant reclassifies later
    assert entry.debit == entry.credit
    (problem,) = entry.problems
    assert problem.code is ProblemCode.UNKNOWN_FEE_TYPE
    assert problem.params == {
        "role": "fee",
        "fee_type": "galactic_handling_fee",
        "amount": D("-1.11"),
        "currency": "EUR",
    }
    (suspense,) = [line for line in entry.lines if line.role is Role.SUSPENSE]
    assert suspense.account == "suspense"
    assert suspense.debit == D("1.11")
    assert suspense.fee_type == "galactic_handling_fee"
    assert suspense.problem == "unknown_fee_type"


def test_payout_difference_on_suspense_and_not_postable():
    text = amazon_text([("Order", "A-1", "ItemPrice", "Principal", "10.00")], "9.99")
    _settlement, entry = amazon_entry(text)
    assert not entry.postable
    assert entry.debit == entry.credit == D("10.00")
    codes = [problem.code for problem in entry.problems]
    assert codes == [ProblemCode.PAYOUT_DIFFERENCE]
    assert entry.problems[0].params["difference"] == D("0.01")
    suspense = entry.lines[-1]
    assert suspense.role is Role.SUSPENSE
    assert suspense.debit == D("0.01")
    assert suspense.problem == "payout_difference"
    # the payout line keeps the real payout: nothing forced
    (payout,) = [line for line in entry.lines if line.role is Role.PAYOUT]
    assert payout.debit == D("9.99")


def test_missing_payout_is_not_postable():
    text = amazon_text([("Order", "A-1", "ItemPrice", "Principal", "10.00")], "1")
    lines = text.splitlines()
    del lines[1]
    _settlement, entry = amazon_entry("\r\n".join(lines))
    assert not entry.postable
    assert [p.code for p in entry.problems] == [ProblemCode.MISSING_PAYOUT]
    assert entry.debit == entry.credit


def test_unknown_transaction_goes_to_suspense():
    text = amazon_text(
        [
            ("Order", "A-1", "ItemPrice", "Principal", "10.00"),
            ("Mystery", "", "Weird", "Thing", "-3.00"),
        ],
        "7.00",
    )
    settlement, entry = amazon_entry(text)
    assert settlement.codes() == {ProblemCode.UNKNOWN_TRANSACTION_TYPE}
    assert entry.postable
    (suspense,) = [line for line in entry.lines if line.role is Role.SUSPENSE]
    assert suspense.debit == D("3.00")
    assert suspense.problem == "unknown_transaction_type"


def test_refunds_default_to_clearing_and_missing_role_account():
    accounts = AccountMap(
        clearing="clearing",
        payout="outstanding",
        suspense="suspense",
        fees=dict(ACCOUNTS.fees),
    )
    _settlement, entry = amazon_entry(accounts=accounts)
    balances = by_account(entry)
    assert balances["clearing"] == D("-138.00")  # 158 sales - 20 refunds
    assert entry.debit == entry.credit
    codes = {(p.code, p.params["role"]) for p in entry.problems}
    assert codes == {
        (ProblemCode.MISSING_ACCOUNT, "reserve"),
        (ProblemCode.MISSING_ACCOUNT, "adjustment"),
    }


def test_stripe_entry():
    settlement = read_stripe(stream(fixture_text("stripe_balance.csv")))
    entry = build_entry(settlement, ACCOUNTS)
    assert entry.postable and entry.problems == ()
    balances = by_account(entry)
    assert balances["fee_payment"] == D("7.39")
    assert balances["fee_dispute"] == D("15.00")
    assert balances["outstanding"] == D("67.61")
    assert sum(balances.values()) == 0
