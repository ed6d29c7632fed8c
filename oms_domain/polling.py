"""Polling import: which window to ask the API for, and where to resume.

A run asks for everything updated since the watermark minus an overlap (clocks
drift, and the API may index a change late), page by page with an opaque
cursor. Each page's cursor is stored with the orders of that page, so a run
that fails resumes at the page it stopped at; the watermark moves only when the
last page is done. Orders seen twice (overlap, webhooks) are idempotent through
the intake.
"""

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone

from .errors import DomainError

DEFAULT_OVERLAP = timedelta(minutes=10)


@dataclass(frozen=True)
class PollState:
    """Where an account's polling import stands.

    :param watermark: ISO UTC time up to which every update was imported
    :param since: lower bound (ISO UTC) of the run in progress
    :param cursor: cursor after the last page done in the run in progress
    :param run_max: greatest ``updated_at`` seen in the run in progress
    """

    watermark: str = ""
    since: str = ""
    cursor: str = ""
    run_max: str = ""

    @classmethod
    def from_dict(cls, data):
        if not isinstance(data, dict):
            return cls()
        return cls(**{key: str(data.get(key) or "") for key in asdict(cls())})

    def to_dict(self):
        return asdict(self)

    @property
    def running(self):
        return bool(self.since)


def parse_time(value):
    """Aware UTC datetime of an ISO 8601 string (``Z`` or offset), or None."""
    if not value:
        return None
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def format_time(when):
    """``2026-01-05T10:00:00Z`` of an aware or naive-UTC datetime."""
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when.replace(microsecond=0).isoformat() + "Z"


def start_run(state, now, overlap=DEFAULT_OVERLAP, first_window=timedelta(days=7)):
    """State at the start of a run (or unchanged when a run is in progress).

    The first run of an account looks ``first_window`` back.
    """
    if state.running:
        return state
    watermark = parse_time(state.watermark)
    since = (watermark - overlap) if watermark else (now - first_window)
    return replace(state, since=format_time(since), cursor="", run_max="")


def page_done(state, end_cursor, updated_values, has_next):
    """State after one page: resume after ``end_cursor``; the last page moves
    the watermark to the greatest ``updated_at`` seen in the run."""
    if not state.running:
        raise DomainError("No polling run in progress.")
    seen = [parse_time(value) for value in updated_values]
    seen = [when for when in seen if when]
    run_max = parse_time(state.run_max)
    if seen:
        run_max = max([run_max] + seen if run_max else seen)
    run_max_text = format_time(run_max) if run_max else ""
    if has_next:
        return replace(state, cursor=end_cursor or state.cursor, run_max=run_max_text)
    watermark = run_max_text or state.watermark
    old = parse_time(state.watermark)
    if old and run_max and run_max < old:
        watermark = state.watermark
    return PollState(watermark=watermark)


def shopify_search(state):
    """Shopify search syntax selecting the run's window."""
    return "updated_at:>='%s'" % state.since
