"""Reorder figures against hand-worked examples, and rebalancing between stores."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain.errors import DomainError
from oms_domain.replenishment import (
    ReorderPolicy,
    StoreStock,
    Transfer,
    rebalance,
    reorder_figures,
)


def test_hand_worked_reorder_point_and_order_up_to():
    # d = 10/day, sigma = 4, L = 9 days, R = 7 days, 95 %: z = 1.6449
    # safety stock = 1.6449 * 4 * sqrt(9) = 19.74; reorder point = 90 + 19.74 -> 110
    # order-up-to = 10 * 16 + 1.6449 * 4 * sqrt(16) = 186.32 -> 187
    policy = ReorderPolicy(service_level=0.95, lead_time_days=9, review_days=7)
    figures = reorder_figures(10, 4, policy)
    assert figures.z == pytest.approx(1.6449, abs=1e-4)
    assert figures.safety_stock == pytest.approx(19.738, abs=1e-3)
    assert figures.reorder_point == 110
    assert figures.order_up_to == 187


def test_hand_worked_with_lead_time_spread():
    # d = 20, sigma = 5, L = 4 +- 1 day, R = 3, 90 %: z = 1.2816
    # safety stock = 1.2816 * sqrt(4 * 25 + 400 * 1) = 28.656; ROP = 108.66 -> 109
    # order-up-to = 140 + 1.2816 * sqrt(7 * 25 + 400) = 170.73 -> 171
    policy = ReorderPolicy(
        0.90, lead_time_days=4, review_days=3, lead_time_sigma_days=1
    )
    figures = reorder_figures(20, 5, policy)
    assert figures.safety_stock == pytest.approx(28.656, abs=1e-3)
    assert (figures.reorder_point, figures.order_up_to) == (109, 171)


def test_no_demand_no_stock():
    figures = reorder_figures(0, 0)
    assert (figures.reorder_point, figures.order_up_to) == (0, 0)


def test_negative_demand_counts_as_none():
    assert reorder_figures(-3, -1).reorder_point == 0


def test_exact_whole_units_are_not_rounded_up():
    # 10 a day over 7 days with no error: exactly 70, float noise or not
    figures = reorder_figures(0.1 + 0.2 - 0.3 + 10, 0, ReorderPolicy(lead_time_days=7))
    assert figures.reorder_point == 70


def test_service_level_below_half_keeps_no_negative_safety_stock():
    figures = reorder_figures(10, 4, ReorderPolicy(service_level=0.3))
    assert figures.safety_stock == 0.0
    assert figures.reorder_point == 70


@pytest.mark.parametrize(
    "values,code",
    [
        ({"service_level": 1.0}, "service_level_range"),
        ({"service_level": 0.0}, "service_level_range"),
        ({"lead_time_days": -1}, "lead_time_negative"),
        ({"review_days": -1}, "review_negative"),
    ],
)
def test_policy_refused(values, code):
    with pytest.raises(DomainError) as caught:
        ReorderPolicy(**values)
    assert caught.value.code == code


@given(
    st.floats(0, 1000),
    st.floats(0, 100),
    st.floats(0.01, 0.999),
    st.floats(0, 60),
    st.floats(0, 30),
)
def test_levels_are_whole_and_ordered(demand, sigma, level, lead, review):
    policy = ReorderPolicy(level, lead_time_days=lead, review_days=review)
    figures = reorder_figures(demand, sigma, policy)
    assert figures.reorder_point == math.floor(figures.reorder_point)
    assert 0 <= figures.reorder_point <= figures.order_up_to
    assert figures.reorder_point >= demand * lead - 1e-6


def test_rebalance_hand_worked():
    stocks = [
        StoreStock("A", on_hand=50, reorder_point=10, order_up_to=20, daily_demand=1),
        StoreStock("B", on_hand=2, reorder_point=8, order_up_to=15, daily_demand=2),
        StoreStock("C", on_hand=5, reorder_point=10, order_up_to=25, daily_demand=1),
        StoreStock("D", on_hand=30, reorder_point=20, order_up_to=28, daily_demand=3),
    ]
    # B (1 day of cover) needs 13, C (5 days) needs 20; A has 30 spare, D 2
    assert rebalance(stocks) == [
        Transfer("A", "B", 13),
        Transfer("A", "C", 17),
        Transfer("D", "C", 2),
    ]


def test_rebalance_minimum_quantity_and_nothing_to_give():
    stocks = [
        StoreStock("A", on_hand=21, reorder_point=10, order_up_to=20),
        StoreStock("B", on_hand=0, reorder_point=5, order_up_to=10, daily_demand=1),
    ]
    assert rebalance(stocks, minimum_quantity=2) == []
    assert rebalance(stocks) == [Transfer("A", "B", 1)]
    assert rebalance([]) == []


def test_rebalance_negative_stock_counts_as_empty():
    stocks = [
        StoreStock("A", on_hand=100, reorder_point=10, order_up_to=20),
        StoreStock("B", on_hand=-4, reorder_point=5, order_up_to=10, daily_demand=1),
    ]
    assert rebalance(stocks) == [Transfer("A", "B", 10)]


stock_lists = st.lists(
    st.builds(
        StoreStock,
        location=st.integers(0, 5),
        on_hand=st.floats(-10, 200),
        reorder_point=st.floats(0, 50),
        order_up_to=st.floats(0, 100),
        daily_demand=st.floats(0, 10),
    ),
    max_size=6,
    unique_by=lambda s: s.location,
)


@given(stock_lists)
def test_rebalance_never_empties_a_source_below_its_order_up_to(stocks):
    transfers = rebalance(stocks)
    by_location = {s.location: s for s in stocks}
    given_away = {}
    received = {}
    for transfer in transfers:
        assert transfer.quantity >= 1 and transfer.source != transfer.destination
        given_away[transfer.source] = (
            given_away.get(transfer.source, 0) + transfer.quantity
        )
        received[transfer.destination] = (
            received.get(transfer.destination, 0) + transfer.quantity
        )
    for location, quantity in given_away.items():
        assert quantity <= by_location[location].excess
    for location, quantity in received.items():
        assert quantity <= by_location[location].need
