from datetime import datetime, timedelta, timezone

import pytest

from oms_domain import polling
from oms_domain.errors import DomainError

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)


def test_first_run_looks_back_then_runs_from_the_watermark_minus_overlap():
    state = polling.start_run(polling.PollState(), NOW)
    assert state.since == "2025-12-29T12:00:00Z"
    done = polling.page_done(state, "c1", ["2026-01-05T11:00:00-05:00"], False)
    assert done == polling.PollState(watermark="2026-01-05T16:00:00Z")
    again = polling.start_run(done, NOW)
    assert again.since == "2026-01-05T15:50:00Z"
    assert polling.shopify_search(again) == "updated_at:>='2026-01-05T15:50:00Z'"


def test_pages_keep_their_cursor_until_the_last_one():
    state = polling.start_run(polling.PollState(watermark="2026-01-01T00:00:00Z"), NOW)
    state = polling.page_done(state, "c1", ["2026-01-02T00:00:00Z"], True)
    assert (state.cursor, state.run_max) == ("c1", "2026-01-02T00:00:00Z")
    # A run in progress is resumed, not restarted.
    assert polling.start_run(state, NOW) == state
    state = polling.page_done(state, "c2", ["2026-01-01T10:00:00Z", "bad"], True)
    assert state.run_max == "2026-01-02T00:00:00Z"
    state = polling.page_done(state, None, [], False)
    assert state == polling.PollState(watermark="2026-01-02T00:00:00Z")


def test_an_empty_run_keeps_the_watermark():
    state = polling.start_run(polling.PollState(watermark="2026-01-01T00:00:00Z"), NOW)
    assert polling.page_done(state, None, [], False).watermark == "2026-01-01T00:00:00Z"


def test_page_done_without_run_is_an_error():
    with pytest.raises(DomainError):
        polling.page_done(polling.PollState(), "c", [], False)


def test_state_round_trip_and_time_parsing():
    state = polling.PollState("a", "b", "c", "d")
    assert polling.PollState.from_dict(state.to_dict()) == state
    assert polling.PollState.from_dict(None) == polling.PollState()
    assert polling.parse_time("nonsense") is None
    assert polling.parse_time("2026-01-05T10:00:00") == datetime(
        2026, 1, 5, 10, tzinfo=timezone.utc
    )
    assert polling.format_time(NOW + timedelta(microseconds=5)) == (
        "2026-01-05T12:00:00Z"
    )
