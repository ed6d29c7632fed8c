"""Point of sale hold decisions (oms_domain.pos_holds), without Odoo."""

import math
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain.pos_holds import (
    OfflineProblem,
    Outcome,
    Policy,
    decide_hold,
    offline_problem,
    parse_quantity,
)


@pytest.mark.parametrize(
    "value, expected",
    [(3, 3.0), (2.5, 2.5), (0, 0.0), (-1, -1.0)],
)
def test_parse_quantity_numbers(value, expected):
    assert parse_quantity(value) == expected


@pytest.mark.parametrize(
    "value", ["3", None, True, False, math.nan, math.inf, -math.inf, [1], {"qty": 1}]
)
def test_parse_quantity_refuses_what_is_not_a_finite_number(value):
    assert parse_quantity(value) is None


def test_enough_free_holds_everything():
    assert decide_hold(2, 5, 0, "warn") == (Outcome.HELD, 2)
    assert decide_hold(5, 5, 0, "block") == (Outcome.HELD, 5)


def test_zero_or_less_releases():
    assert decide_hold(0, 5, 3, "warn") == (Outcome.RELEASED, 0.0)
    assert decide_hold(-2, 5, 3, "block") == (Outcome.RELEASED, 0.0)


def test_warn_holds_what_is_free():
    assert decide_hold(4, 1, 0, Policy.WARN) == (Outcome.SHORT, 1)
    assert decide_hold(4, -3, 0, Policy.WARN) == (Outcome.SHORT, 0.0)


def test_block_keeps_the_previous_hold():
    assert decide_hold(4, 3, 2, Policy.BLOCK) == (Outcome.BLOCKED, 2)
    assert decide_hold(4, 0, 0, Policy.BLOCK) == (Outcome.BLOCKED, 0.0)


def test_off_holds_nothing():
    assert decide_hold(4, 10, 0, Policy.OFF) == (Outcome.UNTRACKED, 0.0)


def test_unknown_policy_is_refused():
    with pytest.raises(ValueError):
        decide_hold(1, 1, 0, "maybe")


@given(
    requested=st.floats(-10, 1e6, allow_nan=False),
    free=st.floats(-1e6, 1e6, allow_nan=False),
    current=st.floats(0, 1e6, allow_nan=False),
    policy=st.sampled_from(list(Policy)),
)
def test_a_hold_never_exceeds_what_is_free_nor_what_is_asked(
    requested, free, current, policy
):
    current = min(current, max(free, 0.0))
    decision = decide_hold(requested, free, current, policy)
    assert 0.0 <= decision.held <= max(free, 0.0) + 1e-6
    assert decision.held <= max(requested, 0.0) + 1e-6


def test_offline_problems():
    start = datetime(2026, 11, 30, 8)
    assert offline_problem(datetime(2026, 11, 30, 9), start, True) is None
    assert offline_problem(None, start, True) is None
    assert (
        offline_problem(datetime(2026, 11, 30, 7), start, True) is OfflineProblem.STALE
    )
    assert (
        offline_problem(datetime(2026, 11, 30, 9), start, False)
        is OfflineProblem.SESSION_CLOSED
    )
