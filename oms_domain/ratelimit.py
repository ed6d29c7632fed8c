"""Per-account rate limiting from the API's own signals.

Cost-based APIs (Shopify GraphQL) refill a bucket of points at a fixed rate and
report, with every answer, what is left (``throttleStatus``). The limiter keeps
the same bucket on our side: a call waits until its estimated cost is available,
then the bucket is corrected with the figures the API returned. ``Retry-After``
on a 429 blocks the whole account until then.

Priorities keep a share of the bucket for more urgent work: an order import may
empty the bucket, a catalogue call only takes points above half of it. The state
is a plain dict so that it can be stored in a database row shared by every job
process of an account.
"""

from dataclasses import asdict, dataclass, replace

from .errors import DomainError

PRIORITY_ORDERS = "orders"
PRIORITY_FULFILMENTS = "fulfilments"
PRIORITY_STOCK = "stock"
PRIORITY_CATALOGUE = "catalogue"
# Share of the bucket left untouched for the priorities above each one.
RESERVED_SHARE = {
    PRIORITY_ORDERS: 0.0,
    PRIORITY_FULFILMENTS: 0.1,
    PRIORITY_STOCK: 0.25,
    PRIORITY_CATALOGUE: 0.5,
}
# queue_job priority of each (lower runs first).
JOB_PRIORITY = {
    PRIORITY_ORDERS: 10,
    PRIORITY_FULFILMENTS: 20,
    PRIORITY_STOCK: 30,
    PRIORITY_CATALOGUE: 40,
}


@dataclass(frozen=True)
class Bucket:
    """What we know of an account's API budget.

    :param maximum: bucket size in points
    :param restore_rate: points refilled per second
    :param available: points left at ``updated_at``
    :param updated_at: epoch seconds of the last update
    :param blocked_until: epoch seconds before which no call may go out
        (``Retry-After``)
    """

    maximum: float = 2000.0
    restore_rate: float = 100.0
    available: float = 2000.0
    updated_at: float = 0.0
    blocked_until: float = 0.0

    @classmethod
    def from_dict(cls, data, **defaults):
        """Bucket from a stored dict; unknown or missing keys take defaults."""
        base = cls(**defaults)
        if not isinstance(data, dict):
            return base
        values = {}
        for key in asdict(base):
            try:
                values[key] = float(data[key])
            except (KeyError, TypeError, ValueError):
                continue
        return replace(base, **values)

    def to_dict(self):
        return asdict(self)

    def projected(self, now):
        """Points available at ``now``, refilled since the last update."""
        elapsed = max(0.0, now - self.updated_at)
        return min(self.maximum, self.available + elapsed * self.restore_rate)


@dataclass(frozen=True)
class Decision:
    """Result of :func:`acquire`: wait ``wait`` seconds, or go (``wait == 0``)."""

    wait: float
    bucket: Bucket

    @property
    def go(self):
        return self.wait <= 0


def _reserve(bucket, priority):
    if priority not in RESERVED_SHARE:
        raise DomainError("Unknown priority %r." % (priority,))
    return RESERVED_SHARE[priority] * bucket.maximum


def acquire(bucket, cost, priority, now):
    """Take ``cost`` points for a call of ``priority`` at ``now`` if possible.

    :return: :class:`Decision`; when it says go, its bucket already has the
        points taken (store it before calling); otherwise the bucket is
        unchanged and ``wait`` says how long until the call may go.
    """
    cost = max(0.0, float(cost))
    if cost > bucket.maximum:
        # A query dearer than the whole bucket is refused by the API anyway;
        # waiting for a full bucket is the best we can do.
        cost = bucket.maximum
    if now < bucket.blocked_until:
        return Decision(bucket.blocked_until - now, bucket)
    available = bucket.projected(now)
    needed = cost + _reserve(bucket, priority)
    if needed > bucket.maximum:
        needed = bucket.maximum
    if available >= needed:
        return Decision(
            0.0, replace(bucket, available=available - cost, updated_at=now)
        )
    rate = bucket.restore_rate if bucket.restore_rate > 0 else 1.0
    return Decision((needed - available) / rate, bucket)


def record_cost(bucket, cost_info, now, requested=None):
    """Correct the bucket with the cost the API reported for a call.

    :param cost_info: Shopify's ``extensions.cost`` (``requestedQueryCost``,
        ``actualQueryCost``, ``throttleStatus`` with ``maximumAvailable``,
        ``currentlyAvailable``, ``restoreRate``), or None
    :param requested: points we took in :func:`acquire`, given back in part
        when the API reports no throttle status but a lower actual cost
    """
    if not isinstance(cost_info, dict):
        return bucket
    status = cost_info.get("throttleStatus")
    if isinstance(status, dict):
        try:
            return replace(
                bucket,
                maximum=float(status["maximumAvailable"]),
                restore_rate=float(status["restoreRate"]),
                available=float(status["currentlyAvailable"]),
                updated_at=now,
            )
        except (KeyError, TypeError, ValueError):
            pass
    actual = cost_info.get("actualQueryCost")
    if requested is not None and isinstance(actual, int | float):
        refund = max(0.0, float(requested) - float(actual))
        return replace(
            bucket,
            available=min(bucket.maximum, bucket.projected(now) + refund),
            updated_at=now,
        )
    return bucket


def block(bucket, seconds, now):
    """The API said ``Retry-After: seconds``: nothing goes out before then."""
    seconds = max(0.0, float(seconds or 0))
    return replace(
        bucket,
        blocked_until=max(bucket.blocked_until, now + seconds),
        available=0.0,
        updated_at=now,
    )


def minimum_duration(total_cost, bucket):
    """Shortest time in which ``total_cost`` points can be spent from a full
    bucket: the physical limit of an import under the documented rate."""
    beyond = max(0.0, float(total_cost) - bucket.maximum)
    return beyond / bucket.restore_rate if bucket.restore_rate > 0 else float("inf")
