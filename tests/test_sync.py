from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain.errors import DomainError
from oms_domain.retry import (
    backoff_delay,
    backoff_schedule,
    is_retryable_status,
    parse_retry_after,
    retry_delay,
)
from oms_domain.sync import (
    DirtySet,
    StockExporter,
    batched,
    batches_needed,
    changed_since_export,
    debounce_eta,
    find_drift,
    plan_export,
    update_latency,
)

T0 = datetime(2026, 1, 5, 12, 0, 0)

quantities = st.dictionaries(
    st.integers(min_value=1, max_value=500), st.integers(min_value=0, max_value=50)
)


# Coalescing


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=5),
            st.integers(min_value=1, max_value=300),
            st.integers(min_value=0, max_value=10000),
        ),
        max_size=1000,
    )
)
def test_dirty_set_keeps_each_pair_once_with_its_first_change(marks):
    dirty = DirtySet()
    for channel_id, product_id, second in marks:
        dirty.mark(channel_id, product_id, T0 + timedelta(seconds=second))
    pairs = {(c, p) for c, p, _s in marks}
    assert len(dirty) == len(pairs)
    for channel_id, product_id, when in dirty.items():
        first = min(s for c, p, s in marks if (c, p) == (channel_id, product_id))
        assert when == T0 + timedelta(seconds=first)


def test_dirty_set_pop_channel_takes_only_that_channel():
    dirty = DirtySet()
    dirty.mark_many([1, 2], [10, 11], T0)
    assert dirty.channels() == [1, 2]
    assert dirty.pop_channel(1) == {10: T0, 11: T0}
    assert (1, 10) not in dirty
    assert (2, 10) in dirty
    assert len(dirty) == 2


# Changed since last export


@given(quantities, quantities)
def test_only_changed_or_never_exported_quantities_are_pushed(current, exported):
    todo = changed_since_export(current, exported)
    for key, qty in current.items():
        assert (key in todo) == (exported.get(key) != qty)
    assert set(todo) <= set(current)


def test_nothing_to_push_when_nothing_changed():
    current = {1: 5, 2: 0}
    assert changed_since_export(current, dict(current)) == {}
    assert plan_export(current, dict(current), 100) == []
    assert plan_export(current, dict(current), 100, force=True) == [[(1, 5), (2, 0)]]


def test_never_exported_zero_is_pushed():
    assert changed_since_export({7: 0}, {7: None}) == {7: 0}
    assert changed_since_export({7: 0}, {}) == {7: 0}


# Batching


@given(st.lists(st.integers(), max_size=2000), st.integers(min_value=-1, max_value=300))
def test_batches_keep_order_respect_size_and_count(items, size):
    batches = batched(items, size)
    assert [item for batch in batches for item in batch] == items
    assert len(batches) == batches_needed(len(items), size)
    if size > 0:
        assert all(0 < len(batch) <= size for batch in batches)


@given(quantities, quantities, st.integers(min_value=1, max_value=50))
def test_export_calls_depend_on_changed_products_not_on_changes(
    current, exported, size
):
    plan = plan_export(current, exported, size)
    changed = changed_since_export(current, exported)
    assert len(plan) == batches_needed(len(changed), size)
    pushed = [key for batch in plan for key, _qty in batch]
    assert pushed == sorted(changed)


def test_thousand_changes_on_300_skus_need_three_calls():
    dirty = DirtySet()
    for change in range(1000):
        dirty.mark(1, change % 300, T0 + timedelta(seconds=change))
    current = {product_id: 1 for product_id in dirty.pop_channel(1)}
    assert len(plan_export(current, {}, 100)) == 3


# Drift


def test_drift_ignores_pending_and_new_pairs():
    current = {1: 5, 2: 3, 3: 4, 4: 9}
    exported = {1: 5, 2: 1, 3: 1, 4: None}
    drift = find_drift(current, exported, pending={3})
    assert [(d.key, d.exported, d.current, d.difference) for d in drift] == [
        (2, 1, 3, 2)
    ]


# Latency and debounce


def test_latency_moving_average():
    assert update_latency(None, [30, 90]) == 60
    assert update_latency(60, []) == 60
    assert update_latency(100, [200], weight=0.5) == 150
    with pytest.raises(DomainError):
        update_latency(1, [1], weight=0)


def test_debounce_waits_for_burst_and_min_interval():
    assert debounce_eta(T0, 60) == T0 + timedelta(seconds=60)
    last = T0 - timedelta(seconds=10)
    assert debounce_eta(T0, 5, last_run=last, min_interval=300) == last + timedelta(
        seconds=300
    )


# Exporter interface


def test_exporter_interface_is_abstract():
    with pytest.raises(TypeError):
        StockExporter()

    class Recorder(StockExporter):
        batch_size = 2

        def __init__(self):
            self.calls = []

        def export(self, levels):
            self.calls.append(levels)

    recorder = Recorder()
    for batch in plan_export({1: 1, 2: 2, 3: 3}, {}, recorder.batch_size):
        recorder.export(batch)
    assert len(recorder.calls) == 2


# Retry


def test_retryable_statuses():
    assert is_retryable_status(429)
    assert is_retryable_status(500)
    assert is_retryable_status(503)
    assert not is_retryable_status(400)
    assert not is_retryable_status(404)
    assert not is_retryable_status(200)


def test_backoff_schedule_doubles_and_is_capped():
    assert backoff_schedule(5) == [10, 20, 40, 80, 160]
    assert backoff_schedule(4, base=30, factor=3, maximum=500) == [30, 90, 270, 500]
    assert backoff_delay(10_000) == 3600


@given(st.integers(min_value=1, max_value=10_000))
def test_backoff_is_monotonic_and_bounded(attempt):
    assert 1 <= backoff_delay(attempt) <= backoff_delay(attempt + 1) <= 3600


def test_retry_after_seconds_and_http_dates():
    now = datetime(2015, 10, 21, 7, 27, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(" 0 ") == 0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 60
    assert parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", now=now) == 60
    assert parse_retry_after("Wed Oct 21 07:28:00 2015", now=now) == 60
    assert parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now=now) == 0
    for garbage in (None, "", "soon", "-5", "1.5"):
        assert parse_retry_after(garbage) is None


def test_retry_delay_honours_retry_after_else_backs_off():
    assert retry_delay(1, retry_after=120) == 120
    assert retry_delay(3, retry_after=0.2) == 1
    assert retry_delay(1, retry_after=10**9) == 86400
    assert retry_delay(3) == 40
