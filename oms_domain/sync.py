"""Change-driven stock sync: which quantities to push to a channel, and in what calls.

Stock changes mark (channel, product) pairs dirty; many marks of the same pair
coalesce into one. A sync run recomputes the dirty pairs, keeps only the
quantities that differ from the last ones exported and cuts them into batches of
the size the channel accepts, so the number of calls depends on the products
that changed, not on the number of stock movements.
"""

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import timedelta

from .errors import DomainError


@dataclass(frozen=True)
class StockLevel:
    """One quantity to advertise: what an exporter receives."""

    product_id: int
    sku: str
    quantity: int


class StockExportError(Exception):
    """An exporter could not deliver a batch.

    The message is short and technical (``"HTTP 503"``, ``"Timeout"``): it may be
    logged and stored with the job. What the channel answered goes to ``detail``,
    which only managers see; never put a secret in either.

    :param retryable: the same batch may succeed later (timeouts, 5xx, 429)
    :param retry_after: seconds the channel asked us to wait, if it said so
    :param status: HTTP status or other channel code, for the record
    :param code: what failed, one of :data:`EXPORT_ERROR_CODES`; by default
        ``"http_status"`` when there is a status, else ``"error"``
    :param reason: finer code; for ``"refused"`` the
        :data:`oms_domain.outbound.CODES` code of the refused target
    :param detail: the channel's answer or the library's error text
    """

    def __init__(
        self,
        message,
        retryable=False,
        retry_after=None,
        status=None,
        code=None,
        reason=None,
        detail=None,
    ):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status
        self.code = code or ("http_status" if status else "error")
        self.reason = reason
        self.detail = detail


EXPORT_ERROR_CODES = (
    "http_status",  # the channel answered with an error status
    "timeout",  # no answer in time
    "connection",  # the channel could not be reached
    "refused",  # the target address is not allowed (outbound policy)
    "error",  # anything else
)


def truncate_detail(text, limit=2000):
    """``text`` cut to ``limit`` characters, marked when cut."""
    text = text or ""
    if len(text) <= limit:
        return text
    return text[:limit] + " [...]"


class StockExporter(ABC):
    """Pushes stock levels to one channel. One instance per channel and sync run.

    Implementations set ``batch_size`` (the largest number of levels the channel
    accepts in one call) and implement :meth:`export`, which delivers one batch or
    raises :class:`StockExportError`.
    """

    batch_size = 100

    @abstractmethod
    def export(self, levels):
        """Deliver ``levels`` (a list of :class:`StockLevel`) in one call.

        :return: ids of the products left out because the channel cannot know
            them (no external id yet), or nothing; those stay to push
        """


class DirtySet:
    """Pairs whose ATS may have changed, each kept once with its first change time."""

    def __init__(self):
        self._since = {}

    def mark(self, channel_id, product_id, when):
        key = (channel_id, product_id)
        known = self._since.get(key)
        if known is None or when < known:
            self._since[key] = when

    def mark_many(self, channel_ids, product_ids, when):
        for channel_id in channel_ids:
            for product_id in product_ids:
                self.mark(channel_id, product_id, when)

    def __len__(self):
        return len(self._since)

    def __contains__(self, key):
        return key in self._since

    def items(self):
        """(channel_id, product_id, first change time), sorted by pair.

        The sorted order makes concurrent writers lock rows in the same order.
        """
        return [(c, p, when) for (c, p), when in sorted(self._since.items())]

    def channels(self):
        return sorted({channel_id for channel_id, _product in self._since})

    def pop_channel(self, channel_id):
        """Remove and return ``{product_id: first change time}`` of one channel."""
        taken = {
            product_id: when
            for (cid, product_id), when in self._since.items()
            if cid == channel_id
        }
        for product_id in taken:
            del self._since[(channel_id, product_id)]
        return taken


def changed_since_export(current, exported):
    """Quantities that differ from the last ones exported.

    :param current: ``{key: quantity}`` freshly computed
    :param exported: ``{key: quantity or None}``; ``None`` or a missing key means
        never exported
    :return: ``{key: quantity}`` to push
    """
    return {
        key: qty
        for key, qty in current.items()
        if exported.get(key) is None or exported[key] != qty
    }


def batched(items, size):
    """Cut ``items`` into lists of at most ``size``; ``size`` <= 0 means one batch."""
    items = list(items)
    if not items:
        return []
    if size <= 0:
        return [items]
    return [items[start : start + size] for start in range(0, len(items), size)]


def batches_needed(count, size):
    """Number of export calls needed for ``count`` levels in batches of ``size``."""
    if count <= 0:
        return 0
    if size <= 0:
        return 1
    return math.ceil(count / size)


def plan_export(current, exported, batch_size, force=False):
    """Batches of ``(key, quantity)`` to push, sorted by key.

    :param force: push every current quantity, changed or not
    """
    todo = dict(current) if force else changed_since_export(current, exported)
    return batched(sorted(todo.items()), batch_size)


@dataclass(frozen=True)
class Drift:
    """A quantity the channel had wrong although no change was pending for it."""

    key: object
    exported: float
    current: float

    @property
    def difference(self):
        return self.current - self.exported


def find_drift(current, exported, pending=()):
    """Pairs whose exported quantity is wrong without any known pending change.

    Pairs in ``pending`` (dirty or waiting for a retry) are expected to differ and
    are not drift; pairs never exported are new, not drift.
    """
    pending = set(pending)
    return [
        Drift(key, exported[key], qty)
        for key, qty in sorted(current.items())
        if key not in pending and exported.get(key) is not None and exported[key] != qty
    ]


def update_latency(previous, samples, weight=0.3):
    """Exponential moving average of the sync latency, in seconds.

    :param previous: current average, or ``None``/0 when nothing was measured yet
    :param samples: latencies measured in this run (seconds)
    :param weight: how much the new run counts, 0 < weight <= 1
    """
    if not 0 < weight <= 1:
        raise DomainError("The weight must be in ]0, 1].")
    samples = [max(0.0, float(s)) for s in samples]
    if not samples:
        return previous or 0.0
    mean = sum(samples) / len(samples)
    if not previous:
        return mean
    return previous + weight * (mean - previous)


def debounce_eta(now, debounce_seconds, last_run=None, min_interval=0):
    """When a coalesced sync job should run.

    Not before ``debounce_seconds`` after the change, so that a burst of changes
    ends up in one run, and not before ``min_interval`` after the previous run, so
    that a busy channel is not called more often than it allows.
    """
    eta = now + timedelta(seconds=max(0, debounce_seconds))
    if last_run and min_interval:
        eta = max(eta, last_run + timedelta(seconds=min_interval))
    return eta
