"""Documented rate and burst of each SP-API operation the connector calls.

From the "Usage Plan" table in each operation's description (the OpenAPI
models in ``shared/fixtures/amazon``). Amazon limits every operation with its
own token bucket: ``burst`` calls at once, then ``rate`` a second. The part-1
limiter (:mod:`oms_domain.ratelimit`) keeps one such bucket per operation,
each call costing one point.
"""

import math

from .. import ratelimit
from ..errors import DomainError

# operation: (requests per second, burst)
RATES = {
    "searchOrders": (0.0056, 20),
    "getOrder": (0.5, 30),
    "getOrders": (0.0167, 20),
    "getOrderItems": (0.5, 30),
    "confirmShipment": (2.0, 10),
    "patchListingsItem": (5.0, 5),
    "searchListingsItems": (5.0, 5),
    # Not in the fixtures; Amazon's documented defaults.
    "createRestrictedDataToken": (1.0, 10),
    "createFeedDocument": (0.5, 15),
    "createFeed": (0.0083, 15),
}


def bucket_for(operation, state=None):
    """The limiter's bucket of ``operation``, from its stored ``state`` dict
    (a full bucket when there is none)."""
    if operation not in RATES:
        raise DomainError("No documented rate for operation %r." % operation)
    rate, burst = RATES[operation]
    bucket = ratelimit.Bucket.from_dict(
        state, maximum=float(burst), restore_rate=rate, available=float(burst)
    )
    # The documented plan wins over a stale stored one.
    return ratelimit.Bucket(
        maximum=float(burst),
        restore_rate=rate,
        available=min(bucket.available, float(burst)),
        updated_at=bucket.updated_at,
        blocked_until=bucket.blocked_until,
    )


def minimum_import_seconds(orders, version, per_page=100):
    """Shortest time the documented rates allow to import ``orders`` orders
    changed since the watermark, from full buckets: the physical limit.

    2026-01-01: one ``searchOrders`` page of ``per_page`` orders with their
    items inline. v0: one ``getOrders`` page of ``per_page`` (100 at most)
    plus one ``getOrderItems`` per order.
    """
    pages = math.ceil(orders / per_page) if orders else 0
    if version == "2026-01-01":
        return ratelimit.minimum_duration(pages, bucket_for("searchOrders"))
    return max(
        ratelimit.minimum_duration(pages, bucket_for("getOrders")),
        ratelimit.minimum_duration(orders, bucket_for("getOrderItems")),
    )
