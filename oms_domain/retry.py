"""When to try a failed channel call again.

Transient failures (HTTP 429 and 5xx, timeouts) are retried with an exponential
back-off; when the channel sends ``Retry-After`` (seconds or an HTTP date) its
wish wins.
"""

import math
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

DEFAULT_BASE = 10
DEFAULT_FACTOR = 2
DEFAULT_MAXIMUM = 3600
# A channel asking for more than a day is treated as asking for a day.
RETRY_AFTER_MAXIMUM = 86400


def is_retryable_status(status):
    """True for statuses worth retrying: 429 Too Many Requests and any 5xx."""
    return status == 429 or 500 <= status <= 599


def backoff_delay(
    attempt, base=DEFAULT_BASE, factor=DEFAULT_FACTOR, maximum=DEFAULT_MAXIMUM
):
    """Seconds to wait before retry number ``attempt`` (1 for the first retry)."""
    attempt = max(1, int(attempt))
    # Cap the exponent so huge attempt numbers cannot overflow.
    delay = base * factor ** min(attempt - 1, 64)
    return int(min(delay, maximum))


def backoff_schedule(
    attempts, base=DEFAULT_BASE, factor=DEFAULT_FACTOR, maximum=DEFAULT_MAXIMUM
):
    """Delays of the first ``attempts`` retries, e.g. [10, 20, 40, 80, 160]."""
    return [backoff_delay(n, base, factor, maximum) for n in range(1, attempts + 1)]


def parse_retry_after(value, now=None):
    """Seconds to wait according to a ``Retry-After`` header, or ``None``.

    Accepts delta-seconds (``"120"``) and HTTP dates
    (``"Wed, 21 Oct 2015 07:28:00 GMT"``, also the obsolete RFC 850 and asctime
    forms). A date in the past gives 0. Anything unreadable gives ``None``.

    :param now: aware datetime standing for the present (tests)
    """
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        # HTTP dates are always GMT.
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def retry_delay(
    attempt,
    retry_after=None,
    base=DEFAULT_BASE,
    factor=DEFAULT_FACTOR,
    maximum=DEFAULT_MAXIMUM,
):
    """Whole seconds to wait before retry ``attempt``.

    The channel's ``Retry-After`` (seconds, already parsed) is honoured when given,
    up to a day; otherwise the back-off schedule applies. Never less than 1.
    """
    if retry_after is not None:
        return max(1, math.ceil(min(float(retry_after), RETRY_AFTER_MAXIMUM)))
    return max(1, backoff_delay(attempt, base, factor, maximum))
