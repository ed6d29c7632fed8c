import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain.ats import (
    CAPPED_AT_MAXIMUM,
    ERROR_PARAMS,
    RAISED_TO_MINIMUM,
    AtsPolicy,
    apply_policy,
    compute_ats,
    duration_parts,
    self_tuning_buffer,
)
from oms_domain.errors import DomainError

qty = st.floats(min_value=-1000, max_value=100000, allow_nan=False)
promise = st.floats(min_value=-10, max_value=100000, allow_nan=False)
policies = st.builds(
    AtsPolicy,
    share_percent=st.floats(min_value=0, max_value=100),
    buffer=st.floats(min_value=0, max_value=1000),
    max_qty=st.one_of(st.just(0.0), st.floats(min_value=0, max_value=1000)),
    zero_below=st.one_of(st.just(0.0), st.floats(min_value=0, max_value=50)),
    excluded=st.booleans(),
)


# Properties of the formula


@given(qty, promise, promise, promise, policies)
def test_ats_is_never_negative_and_never_exceeds_free_stock(
    on_hand, reserved, demand, held, policy
):
    figures = compute_ats(on_hand, reserved, demand, held, policy)
    assert isinstance(figures.ats, int)
    assert 0 <= figures.ats <= math.floor(figures.free + 1e-6)


@given(qty, promise, promise, promise, policies)
def test_ats_respects_cap_threshold_and_exclusion(
    on_hand, reserved, demand, held, policy
):
    ats = compute_ats(on_hand, reserved, demand, held, policy).ats
    if policy.max_qty:
        assert ats <= policy.max_qty
    if policy.zero_below:
        assert ats == 0 or ats >= policy.zero_below
    if policy.excluded:
        assert ats == 0


@given(qty, st.floats(min_value=0, max_value=1000), promise, policies)
def test_more_stock_never_lowers_ats(on_hand, extra, reserved, policy):
    low = compute_ats(on_hand, reserved, policy=policy).ats
    high = compute_ats(on_hand + extra, reserved, policy=policy).ats
    assert high >= low


@given(qty, promise, st.floats(min_value=0, max_value=1000), policies)
def test_more_promised_never_raises_ats(on_hand, held, more, policy):
    before = compute_ats(on_hand, held=held, policy=policy).ats
    after = compute_ats(on_hand, held=held + more, policy=policy).ats
    assert after <= before


@given(
    st.floats(min_value=0, max_value=100000),
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=1000),
)
def test_bigger_buffer_or_smaller_share_never_raises_ats(free, share, buffer):
    base = apply_policy(free, AtsPolicy(share_percent=share, buffer=buffer))
    assert apply_policy(free, AtsPolicy(share_percent=share, buffer=buffer + 1)) <= base
    assert apply_policy(free, AtsPolicy(share_percent=share / 2, buffer=buffer)) <= base


@given(st.floats(min_value=0, max_value=100000))
def test_neutral_policy_advertises_whole_free_units(free):
    assert apply_policy(free, AtsPolicy()) == math.floor(free + 1e-9)


# Examples of each rule


def test_promised_quantities_are_taken_off_on_hand():
    figures = compute_ats(10, reserved=3, unreserved_demand=2, held=1)
    assert figures.promised == 6
    assert figures.free == 4
    assert figures.ats == 4


def test_overpromised_stock_gives_zero_not_negative():
    assert compute_ats(2, reserved=5).ats == 0
    assert compute_ats(-3).ats == 0


def test_policy_order_buffer_then_share_then_cap_then_threshold():
    policy = AtsPolicy(share_percent=50, buffer=2, max_qty=10, zero_below=3)
    assert apply_policy(40, policy) == 10  # (40-2)*50% = 19, capped at 10
    assert apply_policy(12, policy) == 5  # (12-2)*50% = 5
    assert apply_policy(7, policy) == 0  # (7-2)*50% = 2.5 -> 2 < 3 -> 0
    assert apply_policy(8, policy) == 3


def test_fractional_stock_rounds_down_and_float_noise_does_not_lose_a_unit():
    assert apply_policy(2.9) == 2
    assert apply_policy(0.1 + 0.2 + 0.7) == 1
    assert apply_policy(3, AtsPolicy(share_percent=33.333333333333336)) == 1


def test_override_replaces_only_given_values():
    channel = AtsPolicy(share_percent=80, buffer=2, max_qty=50)
    product = channel.overridden(buffer=0, max_qty=None, excluded=None)
    assert product == AtsPolicy(share_percent=80, buffer=0, max_qty=50)


@pytest.mark.parametrize(
    "values, code",
    [
        ({"share_percent": 101}, "share_percent_range"),
        ({"share_percent": -1}, "share_percent_range"),
        ({"buffer": -1}, "buffer_negative"),
        ({"max_qty": -2}, "max_qty_negative"),
        ({"zero_below": -3}, "zero_below_negative"),
    ],
)
def test_invalid_policies_are_refused_with_a_code(values, code):
    with pytest.raises(DomainError) as info:
        AtsPolicy(**values)
    assert info.value.code == code
    assert info.value.params == {"value": next(iter(values.values()))}
    assert tuple(info.value.params) == ERROR_PARAMS[code]


# Self-tuning buffer


def test_self_tuning_buffer_is_sales_rate_times_latency():
    # 336 units in 7 days = 2/hour; 1 hour latency -> 2 units expected.
    suggestion = self_tuning_buffer(336, 7, 3600)
    assert suggestion.value == 2
    assert suggestion.rate_per_hour == pytest.approx(2)
    assert (suggestion.units_sold, suggestion.window_days) == (336, 7)
    assert suggestion.latency_seconds == 3600
    assert suggestion.expected == pytest.approx(2)
    assert suggestion.rounded == 2 and suggestion.bound is None


def test_self_tuning_buffer_bounds_are_explained():
    low = self_tuning_buffer(1, 30, 60, minimum=1, maximum=5)
    assert low.value == 1
    assert (low.rounded, low.bound, low.minimum) == (0, RAISED_TO_MINIMUM, 1)
    high = self_tuning_buffer(10000, 1, 3600, minimum=1, maximum=5)
    assert high.value == 5
    assert high.bound == CAPPED_AT_MAXIMUM and high.maximum == 5


@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=1, max_value=365),
    st.floats(min_value=0, max_value=86400),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=0, max_value=100),
)
def test_self_tuning_buffer_stays_within_bounds(sold, days, latency, low, span):
    high = low + span if span else None
    suggestion = self_tuning_buffer(sold, days, latency, minimum=low, maximum=high)
    assert suggestion.value >= low
    if high is not None:
        assert suggestion.value <= high
    assert suggestion.bound in (None, RAISED_TO_MINIMUM, CAPPED_AT_MAXIMUM)


def test_self_tuning_buffer_refuses_bad_bounds():
    with pytest.raises(DomainError) as info:
        self_tuning_buffer(1, 0, 60)
    assert info.value.code == "sales_window_too_short"
    with pytest.raises(DomainError) as info:
        self_tuning_buffer(1, 7, 60, minimum=5, maximum=2)
    assert info.value.code == "buffer_bounds"
    assert info.value.params == {"minimum": 5, "maximum": 2}
    assert tuple(info.value.params) == ERROR_PARAMS["buffer_bounds"]


def test_duration_parts():
    assert duration_parts(45) == (45, "s")
    assert duration_parts(150) == (2.5, "min")
    assert duration_parts(7200) == (2, "h")
