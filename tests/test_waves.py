"""Pick waves and walking order."""

from datetime import datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain.errors import DomainError
from oms_domain.waves import (
    PickLine,
    ReadyDelivery,
    Stop,
    aggregate_pick_list,
    group_waves,
    natural_key,
    next_cutoff,
    walk_order,
)

NOW = datetime(2026, 5, 4, 10, 0)  # a Monday, 10:00
CUTOFFS = {"ups": time(15, 0), "dhl": time(11, 30)}


def delivery(key, store="WH", carrier="ups", at=NOW, first=()):
    return ReadyDelivery(key, store, carrier, at, first)


def test_next_cutoff_same_day_or_next():
    assert next_cutoff(NOW, time(15)) == datetime(2026, 5, 4, 15)
    assert next_cutoff(NOW, time(9)) == datetime(2026, 5, 5, 9)
    assert next_cutoff(datetime(2026, 5, 4, 15), time(15)) == datetime(2026, 5, 4, 15)


def test_waves_by_store_carrier_and_cutoff():
    deliveries = [
        delivery("late", at=datetime(2026, 5, 1, 9)),
        delivery("today", at=datetime(2026, 5, 4, 14)),
        delivery("tomorrow", at=datetime(2026, 5, 4, 16)),
        delivery("dhl", carrier="dhl", at=datetime(2026, 5, 4, 11)),
        delivery("store", store="SHA", at=datetime(2026, 5, 4, 12)),
        delivery("pickup", carrier=None, at=datetime(2026, 5, 4, 18)),
    ]
    waves = group_waves(deliveries, NOW, CUTOFFS)
    summary = [(w.store, w.carrier, w.cutoff, w.deliveries) for w in waves]
    assert summary == [
        ("WH", "dhl", datetime(2026, 5, 4, 11, 30), ("dhl",)),
        ("SHA", "ups", datetime(2026, 5, 4, 15), ("store",)),
        ("WH", "ups", datetime(2026, 5, 4, 15), ("late", "today")),
        ("WH", None, None, ("pickup",)),
        ("WH", "ups", datetime(2026, 5, 5, 15), ("tomorrow",)),
    ]


def test_wave_size_limit_keeps_walk_neighbours_together():
    deliveries = [
        delivery(n, first=(rank,))
        for n, rank in zip("abcde", [5, 1, 4, 2, 3], strict=True)
    ]
    waves = group_waves(deliveries, NOW, CUTOFFS, max_deliveries=2)
    assert [w.deliveries for w in waves] == [("b", "d"), ("e", "c"), ("a",)]
    with pytest.raises(DomainError):
        group_waves(deliveries, NOW, CUTOFFS, max_deliveries=-1)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["WH", "SHA"]),
            st.sampled_from(["ups", "dhl", None]),
            st.integers(min_value=-72, max_value=72),
        ),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=5),
)
def test_every_delivery_in_exactly_one_wave(specs, limit):
    deliveries = [
        delivery(i, store, carrier, NOW + timedelta(hours=hours))
        for i, (store, carrier, hours) in enumerate(specs)
    ]
    waves = group_waves(deliveries, NOW, CUTOFFS, max_deliveries=limit)
    seen = [key for wave in waves for key in wave.deliveries]
    assert sorted(seen) == list(range(len(deliveries)))
    by_key = {d.key: d for d in deliveries}
    for wave in waves:
        assert {by_key[k].store for k in wave.deliveries} == {wave.store}
        assert {by_key[k].carrier for k in wave.deliveries} == {wave.carrier}
        if limit:
            assert len(wave.deliveries) <= limit
        if wave.cutoff:
            # Nobody in a wave is due after its cut-off, and it is not past.
            assert wave.cutoff >= NOW
            assert all(by_key[k].scheduled <= wave.cutoff for k in wave.deliveries)


def test_natural_order_of_names():
    names = ["WH/Stock/A10", "WH/Stock/A2", "WH/Stock/B1", "WH/Stock/a3"]
    assert sorted(names, key=natural_key) == [
        "WH/Stock/A2",
        "WH/Stock/a3",
        "WH/Stock/A10",
        "WH/Stock/B1",
    ]


def test_walk_is_s_shaped_over_visited_corridors():
    stops = [
        Stop(1, "C1-S1", 1, 1),
        Stop(2, "C1-S5", 1, 5),
        Stop(3, "C4-S2", 4, 2),
        Stop(4, "C4-S8", 4, 8),
        Stop(5, "C6-S3", 6, 3),
        Stop(6, "Bulk 10"),
        Stop(7, "Bulk 9"),
        Stop(2, "C1-S5", 1, 5),
    ]
    # Corridor 1 up, corridor 4 (the next visited) down, 6 up; unmapped last.
    assert [s.key for s in walk_order(stops)] == [1, 2, 4, 3, 5, 7, 6]


def test_pick_list_sums_per_location_and_product_in_walk_order():
    a1, a2 = Stop("a1", "A1", 1, 1), Stop("a2", "A2", 1, 2)
    lines = [
        PickLine(a2, "mug", "Mug", 2, "OUT/1"),
        PickLine(a1, "tee", "Tee", 1, "OUT/1"),
        PickLine(a2, "mug", "Mug", 3, "OUT/2"),
        PickLine(a2, "cap", "Cap", 1, "OUT/2"),
        PickLine(a1, "tee", "Tee", 4, "OUT/1"),
    ]
    rows = aggregate_pick_list(lines)
    assert [(r.stop.key, r.product, r.quantity, r.deliveries) for r in rows] == [
        ("a1", "tee", 5, ("OUT/1",)),
        ("a2", "cap", 1, ("OUT/2",)),
        ("a2", "mug", 5, ("OUT/1", "OUT/2")),
    ]
