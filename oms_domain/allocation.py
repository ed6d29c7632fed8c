"""Store-level allocation: which location ships which part of each order line.

The caller passes plain data: orders (lines, ship-to address, the rule that applies),
candidate locations (priority, coordinates, safety stock, daily capacity) and the stock
of every (location, product) already net of reservations and of any hold. The result is
one :class:`OrderPlan` per order: for every line the (location, quantity) pairs and the
quantity left backordered, plus every candidate location with its score and, when it
lost, the reason why.

How a plan is made, for one order:

1. Candidates are the rule's locations. A location that does not ship orders or whose
   daily capacity is used up is ineligible. Usable stock is the available stock minus
   what earlier orders of the same batch took, minus the safety stock kept for walk-in
   customers.
2. Every eligible candidate gets a score (higher is better): stock covered (0-50),
   ship-to zone preference (0-100), closeness to the customer (0-100, great-circle
   distance) and fulfilment priority (0-50).
3. With "prefer a single location", the best-scoring location that can ship the whole
   order ships it. Otherwise locations are taken one after another - the one covering
   most of what is still missing first when "minimise shipments" is on, else the best
   score first - until the order is covered or nothing more is available.
4. What is still missing is backordered; with the "incoming" policy it is planned on
   the earliest incoming receipts of the eligible locations instead.
5. A line whose product has a dropship supplier (``LineRequest.supplier``) sends
   what is still missing after that to the supplier (``LinePlan.dropshipped``);
   the supplier appears among the candidates with the reason ``dropship``.

Kits (``kits``: product -> its components and their quantity per kit) have no
stock of their own: a location can ship as many kits as it has of every
component (the minimum over the components of ``floor(usable / per kit)``), and
shipping kits takes their components, so a kit and a component ordered together
(or two kits sharing a component) do not count the same unit twice.

Ties are broken by fulfilment priority, then name, then key, so the same input always
gives the same plan, whatever the order of the locations passed in.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import NamedTuple

HOLD = "hold"
INCOMING = "incoming"
BACKORDER_POLICIES = (HOLD, INCOMING)

EARTH_RADIUS_KM = 6371.0088
# Distance at which the closeness points are halved (100 points at 0 km).
DISTANCE_HALF_KM = 1000.0
STOCK_POINTS = 50.0
ZONE_POINTS = 100.0
ZONE_RANK_STEP = 20.0
DISTANCE_POINTS = 100.0
PRIORITY_POINTS = 50.0

CHOSEN = "chosen"
LOST = "lost"
INELIGIBLE = "ineligible"

# Reason codes of :attr:`Candidate.reason`, with the names of their
# ``reason_args``. Addons turn them into translated sentences; no text here.
REASON_ARGS = {
    "chosen": ("units", "ordered"),
    "chosen_incoming": ("units", "date"),
    "shipping_off": (),
    "capacity": ("used", "capacity"),
    "excluded": (),
    "no_stock": (),
    "no_stock_safety": ("safety",),
    "not_whole": ("units", "ordered", "winner"),
    "zone": ("winner", "zone"),
    "distance": ("distance", "winner_distance", "winner"),
    "priority": ("priority", "winner_priority", "winner"),
    "stock": ("units", "winner_units", "winner"),
    "fewer_units": ("units", "winner_units", "winner"),
    "tie": ("winner",),
    "not_needed": ("winners",),
    "dropship": ("units", "supplier"),
}


def great_circle_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in kilometres between two points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def to_qty(value):
    """Exact Decimal of a quantity (floats through their shortest repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value or 0)


def _normalise_zip(value):
    return "".join((value or "").split()).upper()


# Input ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Destination:
    """Ship-to address; country/state are whatever keys the zones use."""

    country: object = None
    state: object = None
    zip: str = ""
    latitude: float = None
    longitude: float = None

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Zone:
    """Ship-to zone: matches on every criterion that is set; prefers its locations."""

    name: str
    location_keys: tuple = ()
    countries: frozenset = frozenset()
    states: frozenset = frozenset()
    zip_prefixes: tuple = ()

    def matches(self, destination):
        if self.countries and destination.country not in self.countries:
            return False
        if self.states and destination.state not in self.states:
            return False
        if self.zip_prefixes:
            zip_code = _normalise_zip(destination.zip)
            prefixes = [_normalise_zip(p) for p in self.zip_prefixes]
            if not any(p and zip_code.startswith(p) for p in prefixes):
                return False
        return True


@dataclass(frozen=True)
class Rule:
    """Allocation rule; ``location_keys`` are the eligible locations."""

    key: object
    name: str
    location_keys: tuple
    zones: tuple = ()
    use_distance: bool = True
    prefer_single: bool = True
    minimise_shipments: bool = True
    apply_safety_stock: bool = True
    apply_capacity: bool = True
    backorder_policy: str = HOLD

    def __post_init__(self):
        if self.backorder_policy not in BACKORDER_POLICIES:
            raise ValueError("Unknown backorder policy %r" % (self.backorder_policy,))

    def zone_for(self, destination):
        for zone in self.zones:
            if zone.matches(destination):
                return zone
        return None


@dataclass(frozen=True)
class Location:
    """A warehouse or store. ``daily_capacity`` 0 means unlimited."""

    key: object
    name: str = ""
    priority: int = 10
    latitude: float = None
    longitude: float = None
    ships: bool = True
    is_store: bool = False
    safety_stock: Decimal = Decimal(0)
    daily_capacity: int = 0
    capacity_used: int = 0

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class LineRequest:
    """A quantity of one product to ship (in the product's stock unit)."""

    key: object
    product: object
    quantity: Decimal
    excluded_locations: frozenset = frozenset()
    # Key of the dropship supplier that ships what no location can; None: none.
    supplier: object = None
    supplier_name: str = ""


@dataclass(frozen=True)
class OrderRequest:
    key: object
    lines: tuple
    rule: Rule
    destination: Destination = Destination()


@dataclass(frozen=True)
class Incoming:
    """Earliest expected receipt of a product at a location, and its free quantity."""

    date: object
    quantity: Decimal


# Output --------------------------------------------------------------------------


class Allocation(NamedTuple):
    location: object
    quantity: Decimal
    expected_date: object = None

    @property
    def incoming(self):
        return self.expected_date is not None


@dataclass(frozen=True)
class LinePlan:
    line: object
    product: object
    quantity: Decimal
    allocations: tuple
    backordered: Decimal
    dropshipped: Decimal = Decimal(0)
    supplier: object = None


class StockSnapshot(NamedTuple):
    """Stock of one ordered product at a candidate when the order was planned."""

    product: object
    available: Decimal
    usable: Decimal


class Candidate(NamedTuple):
    """One location considered for an order, and why it won or lost.

    ``reason`` is a code of :data:`REASON_ARGS`; ``reason_args`` its ``(name,
    value)`` pairs as plain values: quantities (Decimal), distances in km (float,
    ``None`` when unknown), dates, location names (``winners``: a tuple).
    """

    location: object
    name: str
    status: str
    reason: str
    reason_args: tuple = ()
    score: float = 0.0
    points: tuple = ()
    distance_km: float = None
    zone: str = None
    units_available: Decimal = Decimal(0)
    units_ordered: Decimal = Decimal(0)
    whole: bool = False
    allocated: Decimal = Decimal(0)
    stock: tuple = ()
    # Set (and ``location`` None) on the candidate of a dropship supplier.
    supplier: object = None


@dataclass(frozen=True)
class OrderPlan:
    order: object
    rule: object
    lines: tuple
    candidates: tuple

    @property
    def shipments(self):
        """Locations shipping something, in the order they were chosen."""
        seen = []
        for line in self.lines:
            for alloc in line.allocations:
                if alloc.location not in seen:
                    seen.append(alloc.location)
        ranked = [c.location for c in self.candidates if c.location in seen]
        return tuple(ranked + [loc for loc in seen if loc not in ranked])

    @property
    def backordered(self):
        return sum((line.backordered for line in self.lines), Decimal(0))

    @property
    def dropshipped(self):
        """``{supplier: quantity}`` of what goes to dropship suppliers."""
        result = {}
        for line in self.lines:
            if line.dropshipped:
                result[line.supplier] = (
                    result.get(line.supplier, Decimal(0)) + line.dropshipped
                )
        return result


# Kits ----------------------------------------------------------------------------


def kit_quantity(components, free):
    """Whole kits that ``free`` stock of the components makes.

    :param components: ``((component, quantity per kit), ...)``; components with
        no positive quantity are ignored
    :param free: mapping ``component -> free quantity`` (missing: 0)
    :return: Decimal, the minimum over the components of ``floor(free / per
        kit)``, never negative; 0 for a kit without components
    """
    best = None
    for component, per_kit in components:
        per_kit = to_qty(per_kit)
        if per_kit <= 0:
            continue
        have = to_qty(free.get(component) or 0)
        kits = (have / per_kit).to_integral_value(rounding=ROUND_FLOOR)
        if kits < 0:
            kits = Decimal(0)
        if best is None or kits < best:
            best = kits
    return best if best is not None else Decimal(0)


def _have(usable, product, kits):
    components = kits.get(product) if kits else None
    if components is None:
        return usable.get(product, Decimal(0))
    return kit_quantity(components, usable)


def _take(usable, product, qty, kits):
    """Take ``qty`` of ``product`` from ``usable``; returns ``(stock product,
    quantity)`` pairs actually taken (the components of a kit)."""
    components = kits.get(product) if kits else None
    if components is None:
        usable[product] = usable.get(product, Decimal(0)) - qty
        return ((product, qty),)
    taken = []
    for component, per_kit in components:
        per_kit = to_qty(per_kit)
        if per_kit <= 0:
            continue
        usable[component] = usable.get(component, Decimal(0)) - qty * per_kit
        taken.append((component, qty * per_kit))
    return tuple(taken)


# Engine --------------------------------------------------------------------------


class _BatchState:
    """What earlier orders of the batch took: stock, capacity and incoming."""

    def __init__(self, stock, incoming, locations):
        self.stock = stock
        self.incoming = incoming or {}
        self.consumed = {}
        self.incoming_consumed = {}
        self.capacity_used = {loc.key: loc.capacity_used for loc in locations}

    def available(self, location_key, product):
        key = (location_key, product)
        qty = self.stock.get(key)
        if qty is None:
            qty = Decimal(0)
        elif not isinstance(qty, Decimal):
            qty = to_qty(qty)
        taken = self.consumed.get(key)
        return qty - taken if taken else qty

    def take(self, location_key, product, qty):
        key = (location_key, product)
        self.consumed[key] = self.consumed.get(key, Decimal(0)) + qty

    def incoming_free(self, location_key, product):
        incoming = self.incoming.get((location_key, product))
        if not incoming:
            return None, Decimal(0)
        left = to_qty(incoming.quantity) - self.incoming_consumed.get(
            (location_key, product), Decimal(0)
        )
        return incoming.date, max(left, Decimal(0))

    def take_incoming(self, location_key, product, qty):
        key = (location_key, product)
        self.incoming_consumed[key] = self.incoming_consumed.get(key, Decimal(0)) + qty


class _Candidate:
    """Working data of one candidate while an order is planned."""

    def __init__(self, location, usable, stock, kits=None):
        self.location = location
        self.usable = usable  # stock product -> usable qty (working copy)
        self.stock = stock
        self.kits = kits  # kit product -> components (None: no kit ordered)
        self.points = ()
        self.score = 0.0
        self.distance_km = None
        self.units = Decimal(0)
        self.whole = False
        self.allocated = Decimal(0)
        self.picked_units = Decimal(0)

    @property
    def key(self):
        return self.location.key

    def tiebreak(self):
        return (self.location.priority, self.location.name, self.location.key)

    def coverage(self, need):
        """Units this candidate can ship of ``need`` (product -> missing qty)."""
        units = Decimal(0)
        usable = self.usable
        if self.kits:
            left = dict(usable)
            for product, qty in need.items():
                have = _have(left, product, self.kits)
                take = qty if qty < have else have
                if take > 0:
                    units += take
                    _take(left, product, take, self.kits)
            return units
        for product, qty in need.items():
            have = usable.get(product)
            if have:
                units += qty if qty < have else have
        return units


def _need(lines, missing, location_key=None):
    """Missing quantity per product, leaving out lines that exclude the location."""
    need = {}
    for line, qty in zip(lines, missing, strict=True):
        if qty > 0 and location_key not in line.excluded_locations:
            need[line.product] = need.get(line.product, Decimal(0)) + qty
    return need


class _Needs:
    """Per-location view of what is missing; computed once per location kind."""

    def __init__(self, lines, missing):
        self.lines = lines
        self.missing = missing
        self.excluding = set().union(*(line.excluded_locations for line in lines))
        self.common = _need(lines, missing)

    def of(self, location_key):
        if location_key in self.excluding:
            return _need(self.lines, self.missing, location_key)
        return self.common


def plan_allocations(orders, locations, stock, incoming=None, kits=None):
    """Plan a batch of orders, in the order given (earlier orders are served first).

    :param orders: iterable of :class:`OrderRequest`
    :param locations: iterable of :class:`Location` (order does not matter)
    :param stock: mapping ``(location key, product) -> available quantity``, net of
        reservations and holds
    :param incoming: mapping ``(location key, product) -> Incoming`` used by the
        "incoming" backorder policy
    :param kits: mapping ``kit product -> ((component, quantity per kit), ...)``
        (components flattened, in the component's stock unit); ``stock`` holds
        the components, never the kits
    :return: tuple of :class:`OrderPlan`, one per order, in the same order
    """
    by_key = {}
    for location in locations:
        by_key[location.key] = location
    state = _BatchState(stock, incoming, by_key.values())
    kits = kits or {}
    return tuple(_plan_order(order, by_key, state, kits) for order in orders)


def _plan_order(order, locations, state, kits):
    rule = order.rule
    lines = tuple(order.lines)
    quantities = [max(to_qty(line.quantity), Decimal(0)) for line in lines]
    ordered = sum(quantities, Decimal(0))
    products = list(dict.fromkeys(line.product for line in lines))
    order_kits = {p: tuple(kits[p]) for p in products if p in kits}
    zone = rule.zone_for(order.destination)

    eligible, ineligible = [], []
    for key in sorted(set(rule.location_keys) & set(locations), key=_sort_any):
        location = locations[key]
        candidate, reason = _make_candidate(
            location, rule, lines, products, state, order_kits
        )
        if reason:
            ineligible.append((candidate, reason))
        else:
            eligible.append(candidate)

    needs = _Needs(lines, quantities)
    for candidate in eligible:
        _score(candidate, order, rule, zone, needs, ordered)

    remaining = list(quantities)
    allocations = [[] for _line in lines]
    chosen = _choose(eligible, rule, lines, remaining)
    for candidate in chosen:
        _allocate(candidate, lines, remaining, allocations, state)
        state.capacity_used[candidate.key] = state.capacity_used.get(
            candidate.key, 0
        ) + (1 if candidate.allocated > 0 else 0)

    incoming_used = {}
    if rule.backorder_policy == INCOMING and any(r > 0 for r in remaining):
        incoming_used = _plan_incoming(
            eligible, lines, remaining, allocations, state, ineligible
        )
    dropshipped = [Decimal(0)] * len(lines)
    for i, line in enumerate(lines):
        if line.supplier is not None and remaining[i] > 0:
            dropshipped[i], remaining[i] = remaining[i], Decimal(0)

    line_plans = tuple(
        LinePlan(
            line=line.key,
            product=line.product,
            quantity=quantities[i],
            allocations=tuple(allocations[i]),
            backordered=remaining[i],
            dropshipped=dropshipped[i],
            supplier=line.supplier if dropshipped[i] else None,
        )
        for i, line in enumerate(lines)
    )
    candidates = _explain(
        chosen, eligible, ineligible, incoming_used, rule, zone, ordered
    ) + _suppliers(lines, dropshipped, ordered)
    return OrderPlan(
        order=order.key, rule=rule.key, lines=line_plans, candidates=candidates
    )


def _sort_any(key):
    # Keys of one run share a type; the type name keeps mixed keys sortable.
    return (type(key).__name__, key)


def _make_candidate(location, rule, lines, products, state, kits):
    safety = to_qty(location.safety_stock) if rule.apply_safety_stock else Decimal(0)
    usable, snapshot = {}, []
    zero = Decimal(0)
    stock_products = products
    if kits:
        stock_products = list(
            dict.fromkeys(
                c
                for p in products
                for c in ([c for c, _q in kits[p]] if p in kits else [p])
            )
        )
    available_of = {}
    for product in stock_products:
        available = state.available(location.key, product)
        if available < zero:
            available = zero
        qty = available - safety if available > safety else zero
        usable[product] = qty
        available_of[product] = available
        if not kits:
            snapshot.append(StockSnapshot(product, available, qty))
    if kits:
        for product in products:
            if product in kits:
                snapshot.append(
                    StockSnapshot(
                        product,
                        kit_quantity(kits[product], available_of),
                        kit_quantity(kits[product], usable),
                    )
                )
            else:
                snapshot.append(
                    StockSnapshot(product, available_of[product], usable[product])
                )
    candidate = _Candidate(location, usable, tuple(snapshot), kits)
    if not location.ships:
        return candidate, ("shipping_off", ())
    used = state.capacity_used.get(location.key, 0)
    if (
        rule.apply_capacity
        and location.daily_capacity
        and used >= location.daily_capacity
    ):
        return candidate, (
            "capacity",
            (("used", used), ("capacity", location.daily_capacity)),
        )
    if lines and all(location.key in line.excluded_locations for line in lines):
        return candidate, ("excluded", ())
    return candidate, None


def _score(candidate, order, rule, zone, needs, ordered):
    location = candidate.location
    candidate.units = candidate.coverage(needs.of(candidate.key))
    candidate.whole = candidate.units >= ordered
    stock_points = (
        STOCK_POINTS * float(candidate.units / ordered) if ordered else STOCK_POINTS
    )
    zone_points = 0.0
    if zone and location.key in zone.location_keys:
        rank = list(zone.location_keys).index(location.key)
        zone_points = max(ZONE_POINTS - ZONE_RANK_STEP * rank, ZONE_RANK_STEP)
    distance_points = 0.0
    destination = order.destination
    if rule.use_distance and destination.has_coordinates and location.has_coordinates:
        km = great_circle_km(
            destination.latitude,
            destination.longitude,
            location.latitude,
            location.longitude,
        )
        candidate.distance_km = round(km, 1)
        distance_points = DISTANCE_POINTS * DISTANCE_HALF_KM / (DISTANCE_HALF_KM + km)
    priority_points = float(max(PRIORITY_POINTS - location.priority, 0))
    candidate.points = (
        ("stock", round(stock_points, 2)),
        ("zone", round(zone_points, 2)),
        ("distance", round(distance_points, 2)),
        ("priority", round(priority_points, 2)),
    )
    candidate.score = round(sum(value for _name, value in candidate.points), 2)


def _choose(eligible, rule, lines, remaining):
    """Locations that will ship, in order, before any stock is taken."""
    if rule.prefer_single:
        whole = [c for c in eligible if c.whole and c.units > 0]
        if whole:
            best = min(whole, key=lambda c: (-c.score,) + c.tiebreak())
            best.picked_units = best.units
            return [best]
    chosen = []
    missing = list(remaining)
    pool = [c for c in eligible]
    while pool and any(m > 0 for m in missing):
        best, best_key, best_units = None, None, Decimal(0)
        needs = _Needs(lines, missing)
        for candidate in pool:
            units = candidate.coverage(needs.of(candidate.key))
            if units <= 0:
                continue
            key = (-candidate.score,) + candidate.tiebreak()
            if rule.minimise_shipments:
                key = (-units,) + key
            if best is None or key < best_key:
                best, best_key, best_units = candidate, key, units
        if best is None:
            break
        chosen.append(best)
        pool.remove(best)
        best.picked_units = best_units
        # Simulate the take so the next pick sees what is still missing.
        left = dict(best.usable)
        for i, line in enumerate(lines):
            if missing[i] <= 0 or best.key in line.excluded_locations:
                continue
            take = min(missing[i], _have(left, line.product, best.kits))
            if take > 0:
                _take(left, line.product, take, best.kits)
                missing[i] -= take
    return chosen


def _allocate(candidate, lines, remaining, allocations, state):
    for i, line in enumerate(lines):
        if remaining[i] <= 0 or candidate.key in line.excluded_locations:
            continue
        take = min(remaining[i], _have(candidate.usable, line.product, candidate.kits))
        if take <= 0:
            continue
        remaining[i] -= take
        candidate.allocated += take
        allocations[i].append(Allocation(candidate.key, take))
        for product, qty in _take(candidate.usable, line.product, take, candidate.kits):
            state.take(candidate.key, product, qty)


def _plan_incoming(eligible, lines, remaining, allocations, state, ineligible):
    """Backordered units go to the earliest incoming receipts (capacity ignored:
    they ship another day)."""
    pool = eligible + [c for c, reason in ineligible if reason[0] == "capacity"]
    used = {}
    for i, line in enumerate(lines):
        if remaining[i] <= 0:
            continue
        options = []
        for candidate in pool:
            if candidate.key in line.excluded_locations:
                continue
            date, free = state.incoming_free(candidate.key, line.product)
            if free > 0:
                sort_key = (date, -candidate.score) + candidate.tiebreak()
                options.append((sort_key, date, candidate))
        for _sort_key, date, candidate in sorted(options, key=lambda o: o[0]):
            _date, free = state.incoming_free(candidate.key, line.product)
            take = min(remaining[i], free)
            if take <= 0:
                continue
            remaining[i] -= take
            allocations[i].append(Allocation(candidate.key, take, expected_date=date))
            state.take_incoming(candidate.key, line.product, take)
            units, first = used.get(candidate.key, (Decimal(0), date))
            used[candidate.key] = (units + take, min(first, date))
            if remaining[i] <= 0:
                break
    return used


def _explain(chosen, eligible, ineligible, incoming_used, rule, zone, ordered):
    zone_name = zone.name if zone else None
    result = []
    winner = chosen[0] if chosen else None
    chosen_keys = [c.key for c in chosen]
    names = tuple(c.location.name for c in chosen)
    for candidate in chosen:
        result.append(
            _candidate(
                candidate,
                CHOSEN,
                "chosen",
                (("units", candidate.allocated), ("ordered", ordered)),
                zone_name,
                ordered,
            )
        )
    losers = [c for c in eligible if c.key not in chosen_keys]
    losers.sort(key=lambda c: (-c.score,) + c.tiebreak())
    for candidate in losers:
        if candidate.key in incoming_used:
            units, date = incoming_used[candidate.key]
            status, reason, args = (
                CHOSEN,
                "chosen_incoming",
                (("units", units), ("date", date)),
            )
        elif candidate.units <= 0:
            status, args = LOST, ()
            reason = "no_stock"
            safety = to_qty(candidate.location.safety_stock)
            if rule.apply_safety_stock and safety > 0:
                if any(s.available > 0 for s in candidate.stock):
                    reason, args = "no_stock_safety", (("safety", safety),)
        elif len(chosen) > 1:
            status, reason, args = LOST, "not_needed", (("winners", names),)
        else:
            status = LOST
            reason, args = _why_lost(candidate, winner, rule, zone_name, ordered)
        result.append(_candidate(candidate, status, reason, args, zone_name, ordered))
    for candidate, (reason, args) in sorted(
        ineligible, key=lambda item: item[0].tiebreak()
    ):
        if candidate.key in incoming_used:
            units, date = incoming_used[candidate.key]
            status, reason, args = (
                CHOSEN,
                "chosen_incoming",
                (("units", units), ("date", date)),
            )
        else:
            status = INELIGIBLE
        result.append(_candidate(candidate, status, reason, args, zone_name, ordered))
    return tuple(result)


def _suppliers(lines, dropshipped, ordered):
    """One chosen candidate per dropship supplier, in the order of the lines."""
    units, names = {}, {}
    for line, qty in zip(lines, dropshipped, strict=True):
        if qty > 0:
            units[line.supplier] = units.get(line.supplier, Decimal(0)) + qty
            names.setdefault(line.supplier, line.supplier_name)
    return tuple(
        Candidate(
            location=None,
            name=names[supplier],
            status=CHOSEN,
            reason="dropship",
            reason_args=(("units", qty), ("supplier", names[supplier])),
            units_available=qty,
            units_ordered=ordered,
            allocated=qty,
            supplier=supplier,
        )
        for supplier, qty in units.items()
    )


def _why_lost(candidate, winner, rule, zone_name, ordered):
    name = winner.location.name
    if rule.prefer_single and winner.whole and not candidate.whole:
        return "not_whole", (
            ("units", candidate.units),
            ("ordered", ordered),
            ("winner", name),
        )
    if rule.minimise_shipments and candidate.units < winner.picked_units:
        return "fewer_units", (
            ("units", candidate.units),
            ("winner_units", winner.picked_units),
            ("winner", name),
        )
    if candidate.score >= winner.score:
        return "tie", (("winner", name),)
    mine = dict(candidate.points)
    theirs = dict(winner.points)
    _gap, component = max(
        (theirs[component] - mine[component], component)
        for component in ("zone", "distance", "priority", "stock")
    )
    if component == "zone":
        return "zone", (("winner", name), ("zone", zone_name or ""))
    if component == "distance":
        return "distance", (
            ("distance", candidate.distance_km),
            ("winner_distance", winner.distance_km),
            ("winner", name),
        )
    if component == "priority":
        return "priority", (
            ("priority", candidate.location.priority),
            ("winner_priority", winner.location.priority),
            ("winner", name),
        )
    return "stock", (
        ("units", candidate.units),
        ("winner_units", winner.units),
        ("winner", name),
    )


def _candidate(candidate, status, reason, args, zone_name, ordered):
    location = candidate.location
    in_zone = dict(candidate.points).get("zone", 0) > 0
    return Candidate(
        location=location.key,
        name=location.name,
        status=status,
        reason=reason,
        reason_args=tuple(args),
        score=candidate.score,
        points=candidate.points,
        distance_km=candidate.distance_km,
        zone=zone_name if in_zone else None,
        units_available=candidate.units,
        units_ordered=ordered,
        whole=candidate.whole,
        allocated=candidate.allocated,
        stock=candidate.stock,
    )
