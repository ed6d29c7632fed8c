"""Box suggestion: which boxes hold a delivery's items, free of any Odoo import.

The ``oms_multichannel`` addon turns the products of a delivery into
:class:`Item` values (outer size and weight of one unit), its package types into
:class:`BoxType` values (inner size, maximum and empty weight) and shows the
:class:`Suggestion` this module answers on the delivery and its batch.

Items may be turned any way (six orientations). The suggestion minimises the
total inner volume of the boxes, then their number:

* up to ``exact_limit`` units, the search is exact: every way of splitting the
  units into boxes is weighed (dynamic programming over subsets), each group in
  the smallest box type that holds it. Whether a group fits a box is decided by
  a quick extreme-point packing first, then by a complete search over the
  positions a compacted packing can use (sums of item sides), within a node
  budget: a search that runs out of budget counts as "does not fit", so a
  suggestion may be larger than needed, never impossible;
* above it, a greedy heuristic opens, box by box, the smallest box type that
  takes every remaining unit, else the one filled best, then shrinks each box to
  the smallest type that still holds its content.

Missing data never produces a guess: a product without size or weight, or one
that no box can take, makes the answer an empty suggestion with the reason.
Units are whatever the caller uses, the same for every item and box.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from itertools import permutations

from .errors import DomainError

EPS = 1e-6
DEFAULT_EXACT_LIMIT = 6
DEFAULT_NODE_BUDGET = 5000
# Beyond this many candidate positions per axis the complete search is skipped.
MAX_AXIS_CANDIDATES = 64
MAX_SPOTS = 20000


class PackingProblem(str, Enum):
    """Why no box can be suggested; the addon words the message."""

    NO_BOX_TYPES = "no_box_types"
    MISSING_DIMENSIONS = "missing_dimensions"
    MISSING_WEIGHT = "missing_weight"
    TOO_BIG = "too_big"
    TOO_HEAVY = "too_heavy"


@dataclass(frozen=True)
class Item:
    """``quantity`` units of one product, each ``length x width x height``."""

    key: Hashable
    length: float
    width: float
    height: float
    weight: float
    quantity: int = 1

    @property
    def dims(self):
        return (self.length, self.width, self.height)


@dataclass(frozen=True)
class BoxType:
    """A box: inner size, maximum gross weight (0: none) and empty weight."""

    key: Hashable
    length: float
    width: float
    height: float
    max_weight: float = 0.0
    base_weight: float = 0.0

    def __post_init__(self):
        if min(self.length, self.width, self.height) <= 0:
            raise DomainError("A box type needs a positive inner size.")
        if self.max_weight < 0 or self.base_weight < 0:
            raise DomainError("A box weight cannot be negative.")

    @property
    def dims(self):
        return (self.length, self.width, self.height)

    @property
    def volume(self):
        return self.length * self.width * self.height

    def holds_weight(self, content_weight):
        """True when the box, filled with ``content_weight``, stays allowed."""
        if not self.max_weight:
            return True
        return self.base_weight + content_weight <= self.max_weight + EPS


@dataclass(frozen=True)
class Placement:
    """One unit in a box: corner position and size as turned."""

    key: Hashable
    x: float
    y: float
    z: float
    length: float
    width: float
    height: float


@dataclass(frozen=True)
class PackedBox:
    box_type: BoxType
    placements: tuple
    content_weight: float

    @property
    def weight(self):
        """Gross weight: the content plus the empty box."""
        return self.content_weight + self.box_type.base_weight

    @property
    def content_volume(self):
        return sum(p.length * p.width * p.height for p in self.placements)

    def quantities(self):
        """``{item key: units}`` in this box."""
        return dict(Counter(p.key for p in self.placements))


@dataclass(frozen=True)
class Issue:
    problem: PackingProblem
    keys: tuple = ()


@dataclass(frozen=True)
class Suggestion:
    boxes: tuple = ()
    issues: tuple = ()
    exact: bool = False

    @property
    def ok(self):
        return bool(self.boxes) and not self.issues

    @property
    def total_volume(self):
        return sum(box.box_type.volume for box in self.boxes)

    @property
    def weight(self):
        return sum(box.weight for box in self.boxes)


@dataclass(frozen=True)
class _Unit:
    kind: int  # index of its item: equal kinds are interchangeable
    key: Hashable
    dims: tuple
    weight: float
    volume: float = field(compare=False)


# --------------------------------------------------------------------------- entry


def suggest_boxes(
    items: Iterable[Item],
    box_types: Sequence[BoxType],
    exact_limit: int = DEFAULT_EXACT_LIMIT,
    node_budget: int = DEFAULT_NODE_BUDGET,
):
    """The boxes to pack ``items`` in, chosen among ``box_types``.

    :return: a :class:`Suggestion`; when its ``issues`` are not empty it has no
        box: fix the data (sizes, weights, box types) rather than trust a guess.
    """
    items = [item for item in items if item.quantity > 0]
    box_types = sorted(box_types, key=lambda b: (b.volume, b.max_weight or 0, b.key))
    issues = _check(items, box_types)
    if issues:
        return Suggestion(issues=tuple(issues))
    if not items:
        return Suggestion()
    units = _expand(items)
    if len(units) <= exact_limit:
        boxes = _Exact(units, box_types, node_budget).solve()
        if boxes is not None:
            return Suggestion(boxes=tuple(boxes), exact=True)
    return Suggestion(boxes=tuple(_greedy(units, box_types)))


@lru_cache(maxsize=4096)
def orientations(dims):
    """The distinct ways to turn a ``(l, w, h)`` block."""
    return tuple(sorted(set(permutations(dims)), key=lambda d: (d[2], d[1], d[0])))


def fits_alone(dims, box_dims):
    """True when a block of ``dims`` fits a box of ``box_dims`` turned some way."""
    return all(
        a <= b + EPS for a, b in zip(sorted(dims), sorted(box_dims), strict=True)
    )


# --------------------------------------------------------------------------- checks


def _check(items, box_types):
    issues = []
    if not box_types and items:
        return [Issue(PackingProblem.NO_BOX_TYPES)]
    missing_dims = [i.key for i in items if min(i.dims) <= 0]
    missing_weight = [i.key for i in items if i.weight <= 0]
    if missing_dims:
        issues.append(Issue(PackingProblem.MISSING_DIMENSIONS, _unique(missing_dims)))
    if missing_weight:
        issues.append(Issue(PackingProblem.MISSING_WEIGHT, _unique(missing_weight)))
    too_big, too_heavy = [], []
    for item in items:
        if item.key in missing_dims or item.key in missing_weight:
            continue
        roomy = [b for b in box_types if fits_alone(item.dims, b.dims)]
        if not roomy:
            too_big.append(item.key)
        elif not any(b.holds_weight(item.weight) for b in roomy):
            too_heavy.append(item.key)
    if too_big:
        issues.append(Issue(PackingProblem.TOO_BIG, _unique(too_big)))
    if too_heavy:
        issues.append(Issue(PackingProblem.TOO_HEAVY, _unique(too_heavy)))
    return issues


def _unique(keys):
    return tuple(dict.fromkeys(keys))


def _expand(items):
    units = []
    for kind, item in enumerate(items):
        volume = item.length * item.width * item.height
        for _n in range(int(item.quantity)):
            units.append(_Unit(kind, item.key, item.dims, item.weight, volume))
    # Big first: both searches place the hardest units while there is room.
    units.sort(key=lambda u: (-u.volume, -max(u.dims), u.kind))
    return units


# --------------------------------------------------------------------------- packing


def _overlaps(x, y, z, dims, placed):
    x2, y2, z2 = x + dims[0], y + dims[1], z + dims[2]
    for p in placed:
        if (
            x < p.x + p.length - EPS
            and p.x < x2 - EPS
            and y < p.y + p.width - EPS
            and p.y < y2 - EPS
            and z < p.z + p.height - EPS
            and p.z < z2 - EPS
        ):
            return True
    return False


def _extreme_point_fill(box_type, units):
    """First-fit extreme-point packing: ``(placements, packed units, left out)``."""
    length, width, height = box_type.dims
    points = [(0.0, 0.0, 0.0)]
    placed, packed, left = [], [], []
    weight = 0.0
    for unit in units:
        spot = None
        if box_type.holds_weight(weight + unit.weight):
            spot = _first_spot(unit, points, placed, length, width, height)
        if spot is None:
            left.append(unit)
            continue
        (x, y, z), dims = spot
        placed.append(Placement(unit.key, x, y, z, *dims))
        packed.append(unit)
        weight += unit.weight
        points.remove((x, y, z))
        points += [(x + dims[0], y, z), (x, y + dims[1], z), (x, y, z + dims[2])]
    return placed, packed, left


def _first_spot(unit, points, placed, length, width, height):
    for point in sorted(points, key=lambda p: (p[2], p[1], p[0])):
        x, y, z = point
        for dims in orientations(unit.dims):
            if (
                x + dims[0] <= length + EPS
                and y + dims[1] <= width + EPS
                and z + dims[2] <= height + EPS
                and not _overlaps(x, y, z, dims, placed)
            ):
                return point, dims
    return None


class _OutOfBudget(Exception):
    pass


class _Budget:
    def __init__(self, nodes):
        self.nodes = nodes

    def spend(self):
        self.nodes -= 1
        if self.nodes < 0:
            raise _OutOfBudget


def _axis_candidates(units, size):
    """Coordinates a compacted packing can use on one axis: sums of sides."""
    smallest = min(min(u.dims) for u in units)
    sums = {0.0}
    for unit in units:
        sides = set(unit.dims)
        sums |= {
            round(s + d, 9)
            for s in sums
            for d in sides
            if s + d + smallest <= size + EPS
        }
        if len(sums) > MAX_AXIS_CANDIDATES:
            return None
    return sorted(sums)


def _complete_fill(box_type, units, budget):
    """Placements of all ``units`` found by exhaustive search, or None.

    Pushing every unit of a packing towards the origin until it touches a wall
    or another unit keeps it valid, and then each coordinate is a sum of sides
    of other units: searching those coordinates misses no packing.
    """
    axes = [_axis_candidates(units, size) for size in box_type.dims]
    if any(axis is None for axis in axes):
        return None
    spots = {}
    for unit in units:
        if unit.kind not in spots:
            spots[unit.kind] = _spots(unit.dims, box_type.dims, axes)
            if spots[unit.kind] is None:
                return None
    placed = []

    def place(index, last_rank):
        if index == len(units):
            return True
        unit = units[index]
        # Equal units are interchangeable: place them in increasing positions.
        same = index and units[index - 1].kind == unit.kind
        start = last_rank + 1 if same else 0
        candidates = spots[unit.kind]
        for rank in range(start, len(candidates)):
            x, y, z, dims = candidates[rank]
            budget.spend()
            if _overlaps(x, y, z, dims, placed):
                continue
            placed.append(Placement(unit.key, x, y, z, *dims))
            if place(index + 1, rank):
                return True
            placed.pop()
        return False

    try:
        return list(placed) if place(0, -1) else None
    except _OutOfBudget:
        return None


def _spots(dims, box_dims, axes):
    """Every (x, y, z, turned size) of a block inside the box, sorted; None
    when there are too many to search."""
    found = []
    for turned in orientations(dims):
        xs, ys, zs = (
            [c for c in axis if c + side <= size + EPS]
            for axis, side, size in zip(axes, turned, box_dims, strict=True)
        )
        if len(found) + len(xs) * len(ys) * len(zs) > MAX_SPOTS:
            return None
        found += [(x, y, z, turned) for z in zs for y in ys for x in xs]
    found.sort(key=lambda spot: (spot[2], spot[1], spot[0]))
    return found


def _pack_all(box_type, units, budget=None):
    """Placements of every unit in one box, or None when they do not fit."""
    if not box_type.holds_weight(sum(u.weight for u in units)):
        return None
    if sum(u.volume for u in units) > box_type.volume + EPS:
        return None
    if not all(fits_alone(u.dims, box_type.dims) for u in units):
        return None
    for order in _fill_orders(units):
        placed, _packed_units, left = _extreme_point_fill(box_type, order)
        if not left:
            return placed
    if budget is None:
        return None
    return _complete_fill(box_type, units, budget)


def _fill_orders(units):
    """Unit orders worth a quick fill: by volume, by longest side, by
    footprint (the extreme-point fill depends much on the order)."""
    yield units
    if len(units) > 1:
        yield sorted(units, key=lambda u: (-max(u.dims), -u.volume, u.kind))
        yield sorted(
            units, key=lambda u: (-sorted(u.dims)[1] * max(u.dims), -u.volume, u.kind)
        )


def _packed(box_type, placements, units):
    return PackedBox(box_type, tuple(placements), sum(u.weight for u in units))


# --------------------------------------------------------------------------- exact


class _Exact:
    """Minimum total volume over every split of the units into boxes."""

    def __init__(self, units, box_types, node_budget):
        self.units = units
        self.box_types = box_types
        self.budget = _Budget(node_budget)
        self.by_signature = {}

    def _signature(self, mask):
        return tuple(sorted(u.kind for i, u in enumerate(self.units) if mask >> i & 1))

    def _smallest_box(self, mask, floor):
        """(box type, placements) of the smallest box holding the units of
        ``mask``, searching box types of volume >= ``floor``; or None."""
        signature = self._signature(mask)
        if signature in self.by_signature:
            return self.by_signature[signature]
        group = [u for i, u in enumerate(self.units) if mask >> i & 1]
        found = None
        for box_type in self.box_types:
            if box_type.volume < floor - EPS:
                continue
            placements = _pack_all(box_type, group, self.budget)
            if placements is not None:
                found = (box_type, placements)
                break
        self.by_signature[signature] = found
        return found

    def solve(self):
        n = len(self.units)
        full = (1 << n) - 1
        best_box = {0: None}
        # Groups by size: a group no box holds makes its supersets hopeless,
        # and a group's box is at least as large as its subgroups' boxes.
        for mask in sorted(range(1, full + 1), key=lambda m: bin(m).count("1")):
            subs = [mask & ~(1 << i) for i in range(n) if mask >> i & 1]
            subs = [s for s in subs if s]
            if any(best_box.get(s) is None for s in subs):
                best_box[mask] = None
                continue
            floor = max((best_box[s][0].volume for s in subs), default=0.0)
            best_box[mask] = self._smallest_box(mask, floor)
        # cost[mask]: (total volume, number of boxes, chosen group)
        cost = {0: (0.0, 0, 0)}
        for mask in range(1, full + 1):
            low = mask & -mask
            best = None
            sub = mask
            while sub:
                if sub & low and best_box.get(sub) is not None:
                    rest = cost.get(mask ^ sub)
                    if rest is not None:
                        candidate = (
                            round(rest[0] + best_box[sub][0].volume, 9),
                            rest[1] + 1,
                        )
                        if best is None or candidate < best[:2]:
                            best = (*candidate, sub)
                sub = (sub - 1) & mask
            if best is not None:
                cost[mask] = best
        if full not in cost:
            return None
        boxes = []
        mask = full
        while mask:
            group_mask = cost[mask][2]
            box_type, placements = best_box[group_mask]
            group = [u for i, u in enumerate(self.units) if group_mask >> i & 1]
            boxes.append(_packed(box_type, placements, group))
            mask ^= group_mask
        return boxes


# --------------------------------------------------------------------------- greedy


def _greedy(units, box_types):
    remaining = list(units)
    boxes = []
    while remaining:
        choice = best = None
        for box_type in box_types:
            placed, packed, left = _extreme_point_fill(box_type, remaining)
            if not placed:
                continue
            if not left:
                choice = (box_type, placed, packed, left)
                break
            content = sum(p.length * p.width * p.height for p in placed)
            score = (content / box_type.volume, len(placed))
            if best is None or score > best:
                best, choice = score, (box_type, placed, packed, left)
        box_type, placed, packed, remaining = choice
        boxes.append(_shrink(_packed(box_type, placed, packed), packed, box_types))
    return boxes


def _shrink(box, units, box_types):
    """The same content in the smallest box type that holds it."""
    for box_type in box_types:
        if box_type.volume >= box.box_type.volume - EPS:
            break
        placements = _pack_all(box_type, units)
        if placements is not None:
            return _packed(box_type, placements, units)
    return box
