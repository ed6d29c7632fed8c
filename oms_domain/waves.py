"""Pick waves and walking order, free of any Odoo import.

``oms_multichannel`` reads the deliveries ready to ship (their store, carrier,
scheduled time) and their move lines (product, source location and its place in
the warehouse), asks :func:`group_waves` which deliveries to pick together and
:func:`walk_order` in which order to visit the locations, and writes Odoo picking
batches (waves) from the answer.

Waves: deliveries of the same store and carrier that must leave by the same
carrier cut-off are picked together. A delivery due before the next cut-off
(or already late) belongs to that cut-off's wave; one due later belongs to the
wave of the first cut-off at or after its due time. A carrier without cut-off
collects the deliveries of one calendar day. Times are local, naive datetimes.

Walking order: locations with a corridor number are visited corridor by
corridor, up the first corridor visited and down the next (S-shape), by shelf
then height; the others by their name, numbers compared as numbers
("A2" before "A10").
"""

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .errors import DomainError

_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class ReadyDelivery:
    """A delivery ready to pick. ``scheduled`` is local time."""

    key: Hashable
    store: Hashable
    carrier: Hashable | None
    scheduled: datetime
    # Sort key of where its walk starts (e.g. the walk rank of its first stop).
    first_stop: tuple = ()


@dataclass(frozen=True)
class Wave:
    store: Hashable
    carrier: Hashable | None
    cutoff: datetime | None
    day: date
    deliveries: tuple = ()


@dataclass(frozen=True)
class Stop:
    """A location to visit; corridor 0 means "not mapped": sorted by name."""

    key: Hashable
    name: str
    corridor: int = 0
    shelf: int = 0
    height: int = 0


@dataclass(frozen=True)
class PickLine:
    stop: Stop
    product: Hashable
    product_name: str
    quantity: float
    delivery: Hashable = None


@dataclass(frozen=True)
class PickRow:
    """One line of an aggregated pick list: a product at a location."""

    stop: Stop
    product: Hashable
    product_name: str
    quantity: float
    deliveries: tuple = field(default=())


def natural_key(text):
    """Sort key of a name with numbers compared by value."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _NUMBER.split(text or "")
        if part
    )


def next_cutoff(moment, cutoff):
    """First ``cutoff`` time of day at or after ``moment``."""
    candidate = datetime.combine(moment.date(), cutoff)
    if candidate < moment:
        candidate += timedelta(days=1)
    return candidate


def wave_slot(delivery, now, cutoff):
    """``(cut-off datetime or None, day)`` of the wave the delivery belongs to."""
    due = max(delivery.scheduled, now)
    if cutoff is None:
        return None, due.date()
    slot = next_cutoff(due, cutoff)
    return slot, slot.date()


def group_waves(
    deliveries: Iterable[ReadyDelivery],
    now: datetime,
    cutoffs: dict | None = None,
    max_deliveries: int = 0,
):
    """Waves of deliveries: by store, carrier and carrier cut-off.

    :param cutoffs: ``{carrier: time}``; carriers not in it have no cut-off
    :param max_deliveries: split bigger waves into waves of at most this many
        deliveries (0: no limit), consecutive in walking order
    :return: list of :class:`Wave`, earliest cut-off first; the deliveries of a
        wave sorted by where their walk starts, then by due time
    """
    if max_deliveries < 0:
        raise DomainError(
            "The maximum number of deliveries per wave cannot be negative."
        )
    cutoffs = cutoffs or {}
    groups = {}
    for delivery in deliveries:
        slot, day = wave_slot(delivery, now, cutoffs.get(delivery.carrier))
        key = (delivery.store, delivery.carrier, slot, day)
        groups.setdefault(key, []).append(delivery)
    waves = []
    for (store, carrier, slot, day), members in groups.items():
        members.sort(key=lambda d: (d.first_stop, d.scheduled, str(d.key)))
        size = max_deliveries or len(members)
        for start in range(0, len(members), size):
            chunk = members[start : start + size]
            waves.append(Wave(store, carrier, slot, day, tuple(d.key for d in chunk)))
    waves.sort(
        key=lambda w: (
            w.cutoff or datetime.combine(w.day, time.max),
            str(w.store),
            str(w.carrier),
        )
    )
    return waves


def walk_order(stops: Sequence[Stop]):
    """The stops in walking order (each once)."""
    unique = list({stop.key: stop for stop in stops}.values())
    mapped = sorted({s.corridor for s in unique if s.corridor})
    # Alternate the direction per corridor actually visited: S-shape.
    downward = {corridor: rank % 2 == 1 for rank, corridor in enumerate(mapped)}

    def key(stop):
        if not stop.corridor:
            return (1, 0, 0, 0, natural_key(stop.name))
        shelf = -stop.shelf if downward[stop.corridor] else stop.shelf
        return (0, stop.corridor, shelf, stop.height, natural_key(stop.name))

    return sorted(unique, key=key)


def walk_rank(stops: Sequence[Stop]):
    """``{stop key: position}`` in walking order, starting at 1."""
    return {stop.key: rank for rank, stop in enumerate(walk_order(stops), start=1)}


def aggregate_pick_list(lines: Iterable[PickLine]):
    """One row per (location, product) with the summed quantity, in walk order."""
    lines = list(lines)
    rank = walk_rank([line.stop for line in lines])
    rows = {}
    for line in lines:
        row_key = (line.stop.key, line.product)
        row = rows.get(row_key)
        deliveries = () if line.delivery is None else (line.delivery,)
        if row is None:
            rows[row_key] = PickRow(
                line.stop, line.product, line.product_name, line.quantity, deliveries
            )
        else:
            merged = row.deliveries + tuple(
                d for d in deliveries if d not in row.deliveries
            )
            rows[row_key] = PickRow(
                row.stop,
                row.product,
                row.product_name,
                row.quantity + line.quantity,
                merged,
            )
    return sorted(
        rows.values(),
        key=lambda r: (rank[r.stop.key], natural_key(r.product_name), str(r.product)),
    )
