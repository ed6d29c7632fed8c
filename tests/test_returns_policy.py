from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain.errors import DomainError
from oms_domain.returns import (
    NO_POLICY,
    FeeLine,
    PolicyRule,
    ReturnError,
    ReturnErrorCode,
    ReturnLineCheck,
    Violation,
    allocate,
    charge_return_shipping,
    check_return_lines,
    over_returned,
    resolve_policy,
    restocking_fee,
    return_deadline,
    return_rate,
    returnable_quantity,
    split_refund,
    spread_fees,
    to_money,
)

TODAY = date(2026, 3, 31)

quantities = st.floats(min_value=0, max_value=1e6, allow_nan=False).map(
    lambda q: round(q, 3)
)


def line(**kw):
    values = {
        "key": 1,
        "quantity": 1.0,
        "returnable_qty": 2.0,
        "delivered_on": TODAY - timedelta(days=5),
        "policy": PolicyRule(window_days=30),
    }
    values.update(kw)
    return ReturnLineCheck(**values)


def violations(lines, **kw):
    return [p.violation for p in check_return_lines(lines, TODAY, **kw)]


# policy resolution


def test_category_rule_wins_over_channel():
    channel = PolicyRule(window_days=30)
    category = PolicyRule(window_days=14, restocking_fee_percent=10)
    assert resolve_policy(channel, [None, category]) == category


def test_channel_rule_when_no_category_sets_one():
    channel = PolicyRule(window_days=30)
    assert resolve_policy(channel, [None, None]) == channel


def test_no_rule_means_no_limit():
    assert resolve_policy(None, []) == NO_POLICY
    assert return_deadline(TODAY, NO_POLICY.window_days) is None


@pytest.mark.parametrize(
    "kw, code, values",
    [
        ({"window_days": -1}, ReturnErrorCode.NEGATIVE_WINDOW, {"days": -1}),
        (
            {"restocking_fee_percent": 101},
            ReturnErrorCode.FEE_PERCENT_RANGE,
            {"percent": 101},
        ),
        (
            {"restocking_fee_percent": -0.5},
            ReturnErrorCode.FEE_PERCENT_RANGE,
            {"percent": -0.5},
        ),
    ],
)
def test_invalid_rules_rejected(kw, code, values):
    with pytest.raises(DomainError) as caught:
        PolicyRule(**kw)
    assert isinstance(caught.value, ReturnError)
    assert (caught.value.code, caught.value.values) == (code, values)


# policy checks


def test_acceptable_line_has_no_problem():
    assert violations([line()]) == []


def test_window_expired_gives_deadline():
    delivered = TODAY - timedelta(days=31)
    problems = check_return_lines([line(delivered_on=delivered)], TODAY)
    assert [p.violation for p in problems] == [Violation.WINDOW_EXPIRED]
    assert problems[0].values["deadline"] == delivered + timedelta(days=30)


def test_last_day_of_window_is_accepted():
    assert violations([line(delivered_on=TODAY - timedelta(days=30))]) == []


def test_non_returnable_product():
    assert violations([line(returnable=False)]) == [Violation.NOT_RETURNABLE]


def test_manager_exception_skips_window_not_quantity():
    lines = [
        line(key=1, returnable=False),
        line(key=2, delivered_on=TODAY - timedelta(days=90)),
        line(key=3, quantity=3.0),
    ]
    assert violations(lines, check_window=False) == [Violation.OVER_RETURN]


def test_not_delivered_and_zero_quantity():
    assert violations([line(delivered_on=None)]) == [Violation.NOT_DELIVERED]
    assert violations([line(quantity=0.0)]) == [Violation.NO_QUANTITY]


def test_over_return_reports_returnable():
    problems = check_return_lines([line(quantity=3.0)], TODAY)
    assert problems[0].violation == Violation.OVER_RETURN
    assert problems[0].values == {"quantity": 3.0, "returnable": 2.0}


def test_comment_required():
    assert violations([line(comment_required=True)]) == [Violation.COMMENT_REQUIRED]
    assert violations([line(comment_required=True, has_comment=True)]) == []


@given(
    quantity=quantities,
    returnable=quantities,
    age=st.integers(min_value=0, max_value=400),
    window=st.one_of(st.none(), st.integers(min_value=0, max_value=365)),
)
def test_check_is_consistent_with_its_rules(quantity, returnable, age, window):
    rule = PolicyRule(window_days=window)
    delivered = TODAY - timedelta(days=age)
    found = set(
        violations(
            [
                line(
                    quantity=quantity,
                    returnable_qty=returnable,
                    delivered_on=delivered,
                    policy=rule,
                )
            ]
        )
    )
    if quantity <= 1e-6:
        assert found == {Violation.NO_QUANTITY}
        return
    assert (Violation.OVER_RETURN in found) == (quantity - returnable > 1e-6)
    expired = window is not None and age > window
    assert (Violation.WINDOW_EXPIRED in found) == expired


# quantities


@given(delivered=quantities, returned=quantities)
def test_returnable_quantity_never_negative(delivered, returned):
    left = returnable_quantity(delivered, returned)
    assert left >= 0
    assert left <= max(delivered - returned, 0) + 1e-9


def test_over_returned_keys():
    assert over_returned({1: (5.0, 5.0), 2: (5.0, 6.0), 3: (0.0, 0.0)}) == [2]


@given(
    buckets=st.lists(quantities, max_size=6),
    share=st.floats(min_value=0, max_value=1),
)
def test_allocate_fills_in_order_within_capacity(buckets, share):
    keyed = list(enumerate(buckets))
    quantity = round(sum(buckets) * share, 3)
    quantity = min(quantity, sum(buckets))
    parts = allocate(quantity, keyed)
    assert sum(q for _, q in parts) == pytest.approx(quantity, abs=1e-6)
    capacity = dict(keyed)
    for key, q in parts:
        assert 0 < q <= capacity[key] + 1e-9
    # a bucket is used only once every earlier non-empty bucket is full
    used = [key for key, _ in parts]
    for key in used[:-1]:
        assert dict(parts)[key] == pytest.approx(capacity[key])
    assert used == sorted(used)


def test_allocate_refuses_more_than_available():
    with pytest.raises(ReturnError) as caught:
        allocate(5.0, [("a", 2.0), ("b", 2.0)])
    assert caught.value.code == ReturnErrorCode.NOT_ENOUGH
    assert caught.value.values == {"allocated": 4.0, "quantity": 5.0}
    with pytest.raises(ReturnError) as caught:
        allocate(-1.0, [("a", 2.0)])
    assert caught.value.code == ReturnErrorCode.NEGATIVE_QUANTITY


# money


def test_split_refund_invoiced_line():
    # 5 delivered and invoiced, 2 returned: credit 2
    assert split_refund(2.0, 5.0, 3.0) == (2.0, 0.0)


def test_split_refund_not_invoiced():
    assert split_refund(2.0, 0.0, 3.0) == (0.0, 2.0)


def test_split_refund_partly_invoiced():
    # 5 delivered, 2 invoiced, 4 returned: keeps 1, so 1 to credit, 3 never billed
    assert split_refund(4.0, 2.0, 1.0) == (1.0, 3.0)


@given(returned=quantities, invoiced=quantities, kept=quantities)
def test_split_refund_adds_up(returned, invoiced, kept):
    split = split_refund(returned, invoiced, kept)
    assert split.credit_qty >= 0 and split.uninvoiced_qty >= 0
    assert split.credit_qty + split.uninvoiced_qty == pytest.approx(returned, abs=1e-6)
    assert split.credit_qty <= max(invoiced - kept, 0) + 1e-9


def test_to_money_rounds_half_up():
    assert to_money(0.125) == Decimal("0.13")
    assert to_money(2.675) == Decimal("2.68")
    assert to_money(10.5, digits=0) == Decimal("11")


def test_restocking_fee_only_customer_lines():
    lines = [
        FeeLine(100.0, 10.0, customer_responsible=True),
        FeeLine(80.0, 10.0, customer_responsible=False),
        FeeLine(33.33, 15.0),
    ]
    assert restocking_fee(lines) == Decimal("15.00")


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1e5, allow_nan=False).map(
                lambda a: round(a, 2)
            ),
            st.floats(min_value=0, max_value=100).map(lambda p: round(p, 2)),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_restocking_fee_bounded_by_customer_value(raw):
    lines = [FeeLine(a, p, c) for a, p, c in raw]
    fee = restocking_fee(lines)
    customer_value = sum(Decimal(str(a)) for a, _, c in raw if c)
    assert Decimal(0) <= fee <= to_money(customer_value)
    assert fee == fee.quantize(Decimal("0.01"))


def test_return_shipping_only_when_every_line_is_customers():
    assert charge_return_shipping([True, True])
    assert not charge_return_shipping([True, False])
    assert not charge_return_shipping([])


def test_return_rate():
    assert return_rate(1, 4) == 0.25
    assert return_rate(1, 0) is None


def test_spread_fees_fills_credit_notes_in_turn():
    # 3.53 + 4.95 on credit notes of 2.00 and 33.33: nothing is lost.
    plan = spread_fees([3.53, 4.95], [2.0, 33.33])
    assert plan == [
        [Decimal("2.00"), Decimal("0.00")],
        [Decimal("1.53"), Decimal("4.95")],
    ]


def test_spread_fees_stops_at_the_credit():
    plan = spread_fees([10.0, 4.95], [3.0, 4.0])
    assert plan == [
        [Decimal("3.00"), Decimal("0.00")],
        [Decimal("4.00"), Decimal("0.00")],
    ]
    assert spread_fees([1.0], []) == []
    assert spread_fees([1.0, 2.0], [-5.0, 0.5]) == [
        [Decimal("0"), Decimal("0")],
        [Decimal("0.50"), Decimal("0")],
    ]


def test_spread_fees_rejects_negative_fee():
    with pytest.raises(ReturnError) as caught:
        spread_fees([-1.0], [10.0])
    assert caught.value.code == ReturnErrorCode.NEGATIVE_FEE
    assert caught.value.values == {"fee": Decimal("-1.00")}


def test_split_refund_rejects_negative_quantity():
    with pytest.raises(ReturnError) as caught:
        split_refund(-2.0, 1.0, 0.0)
    assert caught.value.code == ReturnErrorCode.NEGATIVE_QUANTITY
    assert caught.value.values == {"quantity": -2.0}


def test_every_error_code_is_a_domain_error():
    # The addon catches DomainError; each code must reach it as one.
    for code in ReturnErrorCode:
        error = ReturnError(code.value, "text")
        assert isinstance(error, DomainError)
        assert error.code is code


money = st.decimals(
    min_value=-100, max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)


@given(
    st.lists(money.map(abs), max_size=3),
    st.lists(money, max_size=5),
)
def test_spread_fees_never_loses_nor_overcharges(fees, capacities):
    plan = spread_fees(fees, capacities)
    assert len(plan) == len(capacities)
    charged = sum((sum(parts, Decimal(0)) for parts in plan), Decimal(0))
    credit = sum((max(c, Decimal(0)) for c in capacities), Decimal(0))
    assert charged == min(sum(fees, Decimal(0)), credit)
    for parts, capacity in zip(plan, capacities, strict=True):
        assert len(parts) == len(fees)
        assert all(
            part >= 0 and part == part.quantize(Decimal("0.01")) for part in parts
        )
        # No credit note goes negative.
        assert max(capacity, Decimal(0)) - sum(parts, Decimal(0)) >= 0
    for index, fee in enumerate(fees):
        assert sum((parts[index] for parts in plan), Decimal(0)) <= fee
