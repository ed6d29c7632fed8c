"""Allocation engine: examples first, then hypothesis properties."""

import random
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oms_domain.allocation import (
    CHOSEN,
    HOLD,
    INCOMING,
    INELIGIBLE,
    LOST,
    REASON_ARGS,
    Destination,
    Incoming,
    LineRequest,
    Location,
    OrderRequest,
    Rule,
    Zone,
    great_circle_km,
    plan_allocations,
)

SHANGHAI = Location("SHA", "Shanghai", 10, 31.2304, 121.4737, is_store=True)
BEIJING = Location("BEI", "Beijing", 10, 39.9042, 116.4074, is_store=True)
CENTRAL = Location("WH", "Central", 20, 30.5928, 114.3055)
BEIJING_CUSTOMER = Destination("CN", "BJ", "100000", 39.91, 116.40)
RULE = Rule(1, "Stores first", ("SHA", "BEI", "WH"))


def order(*lines, rule=RULE, destination=BEIJING_CUSTOMER, key="SO1"):
    return OrderRequest(
        key,
        tuple(LineRequest(i, p, Decimal(q)) for i, (p, q) in enumerate(lines)),
        rule,
        destination,
    )


def plan_one(request, stock, locations=(SHANGHAI, BEIJING, CENTRAL), **kw):
    return plan_allocations([request], locations, stock, **kw)[0]


def by_location(plan):
    result = defaultdict(Decimal)
    for line in plan.lines:
        for alloc in line.allocations:
            result[alloc.location] += alloc.quantity
    return dict(result)


def candidate(plan, key):
    return next(c for c in plan.candidates if c.location == key)


# Examples ------------------------------------------------------------------------


def test_great_circle_shanghai_beijing():
    km = great_circle_km(31.2304, 121.4737, 39.9042, 116.4074)
    assert 1060 < km < 1075
    assert great_circle_km(10, 20, 10, 20) == 0


def test_beijing_has_it_ships_from_beijing():
    stock = {("BEI", "A"): 5, ("SHA", "A"): 5, ("WH", "A"): 5}
    plan = plan_one(order(("A", 2)), stock)
    assert by_location(plan) == {"BEI": 2}
    assert plan.shipments == ("BEI",)
    lost = candidate(plan, "SHA")
    assert lost.status == LOST and lost.reason == "distance"
    args = dict(lost.reason_args)
    assert args["winner"] == "Beijing"
    assert args["winner_distance"] < args["distance"]
    assert candidate(plan, "BEI").status == CHOSEN
    assert candidate(plan, "BEI").score > lost.score


def test_beijing_lacks_ships_from_shanghai():
    stock = {("BEI", "A"): 1, ("SHA", "A"): 5}
    plan = plan_one(order(("A", 2), ("B", 0)), stock)
    assert by_location(plan) == {"SHA": 2}
    beijing = candidate(plan, "BEI")
    assert beijing.reason == "not_whole"
    assert dict(beijing.reason_args)["winner"] == "Shanghai"
    assert candidate(plan, "WH").reason == "no_stock"


def test_neither_has_all_splits_in_two():
    stock = {("BEI", "A"): 2, ("SHA", "B"): 3, ("SHA", "A"): 1}
    plan = plan_one(order(("A", 2), ("B", 3)), stock)
    # Shanghai covers most of it (4 units), Beijing the missing one.
    assert by_location(plan) == {"SHA": 4, "BEI": 1}
    assert plan.shipments == ("SHA", "BEI")
    assert plan.backordered == 0


def test_split_minimises_shipments():
    # Beijing is closest but covers one unit; Shanghai covers four of five.
    stock = {("BEI", "A"): 1, ("SHA", "A"): 4, ("WH", "A"): 1}
    plan = plan_one(order(("A", 5)), stock)
    assert plan.shipments[0] == "SHA"
    assert by_location(plan)["SHA"] == 4
    assert len(plan.shipments) == 2


def test_nowhere_is_held_as_backorder():
    plan = plan_one(order(("A", 3)), {})
    assert plan.lines[0].allocations == ()
    assert plan.backordered == 3
    assert {c.reason for c in plan.candidates} == {"no_stock"}


def test_backorder_to_earliest_incoming_receipt():
    rule = Rule(1, "r", ("SHA", "BEI"), backorder_policy=INCOMING)
    incoming = {
        ("SHA", "A"): Incoming("2026-03-10", Decimal(10)),
        ("BEI", "A"): Incoming("2026-03-05", Decimal(1)),
    }
    plan = plan_one(order(("A", 3), rule=rule), {}, incoming=incoming)
    allocs = plan.lines[0].allocations
    assert [(a.location, a.quantity, a.expected_date) for a in allocs] == [
        ("BEI", 1, "2026-03-05"),
        ("SHA", 2, "2026-03-10"),
    ]
    assert plan.backordered == 0
    assert candidate(plan, "BEI").reason == "chosen_incoming"


def test_safety_stock_kept_for_walk_in_customers():
    beijing = Location("BEI", "Beijing", 10, 39.9, 116.4, safety_stock=Decimal(2))
    stock = {("BEI", "A"): 3, ("SHA", "A"): 5}
    plan = plan_one(order(("A", 2)), stock, locations=(SHANGHAI, beijing))
    assert by_location(plan) == {"SHA": 2}
    plan = plan_one(order(("A", 1)), stock, locations=(SHANGHAI, beijing))
    assert by_location(plan) == {"BEI": 1}
    stock = {("BEI", "A"): 2}
    plan = plan_one(order(("A", 1)), stock, locations=(SHANGHAI, beijing))
    assert plan.backordered == 1
    assert candidate(plan, "BEI").reason == "no_stock_safety"
    # A rule may ignore safety stock.
    rule = Rule(2, "r", ("BEI",), apply_safety_stock=False)
    plan = plan_one(order(("A", 2), rule=rule), stock, locations=(beijing,))
    assert by_location(plan) == {"BEI": 2}


def test_daily_capacity():
    beijing = Location("BEI", "Beijing", 10, 39.9, 116.4, daily_capacity=2)
    stock = {("BEI", "A"): 100, ("SHA", "A"): 100}
    orders = [order(("A", 1), key=i) for i in range(3)]
    plans = plan_allocations(orders, [beijing, SHANGHAI], stock)
    assert [p.shipments for p in plans] == [("BEI",), ("BEI",), ("SHA",)]
    full = candidate(plans[2], "BEI")
    assert full.status == INELIGIBLE and full.reason == "capacity"
    assert dict(full.reason_args) == {"used": 2, "capacity": 2}
    # Orders already allocated earlier today count too.
    beijing = Location("BEI", "Beijing", daily_capacity=2, capacity_used=2)
    plans = plan_allocations(orders[:1], [beijing, SHANGHAI], stock)
    assert plans[0].shipments == ("SHA",)


def test_store_not_shipping_is_ineligible():
    beijing = Location("BEI", "Beijing", 10, 39.9, 116.4, ships=False)
    plan = plan_one(
        order(("A", 1)),
        {("BEI", "A"): 5, ("SHA", "A"): 5},
        locations=(SHANGHAI, beijing),
    )
    assert by_location(plan) == {"SHA": 1}
    assert candidate(plan, "BEI").reason == "shipping_off"


def test_zone_prefers_its_locations():
    zone = Zone("North", ("WH",), countries=frozenset({"CN"}), zip_prefixes=("10",))
    rule = Rule(1, "zones", ("SHA", "BEI", "WH"), zones=(zone,))
    stock = {("BEI", "A"): 5, ("WH", "A"): 5}
    plan = plan_one(order(("A", 1), rule=rule), stock)
    assert plan.shipments == ("WH",)
    assert candidate(plan, "BEI").reason == "zone"
    assert candidate(plan, "WH").zone == "North"
    other = Destination("CN", "BJ", "200000", 39.9, 116.4)
    plan = plan_one(order(("A", 1), rule=rule, destination=other), stock)
    assert plan.shipments == ("BEI",)


def test_zone_matching():
    zone = Zone(
        "z",
        countries=frozenset({"CN"}),
        states=frozenset({"BJ"}),
        zip_prefixes=("100 0",),
    )
    assert zone.matches(Destination("CN", "BJ", "1000 42"))
    assert not zone.matches(Destination("CN", "BJ", "2000"))
    assert not zone.matches(Destination("CN", "SH", "1000"))
    assert not zone.matches(Destination("FR", "BJ", "1000"))
    assert Zone("everywhere").matches(Destination())


def test_priority_breaks_equal_distance():
    first = Location("A1", "Alpha", 5)
    second = Location("B1", "Beta", 10)
    rule = Rule(1, "r", ("A1", "B1"))
    stock = {("A1", "P"): 1, ("B1", "P"): 1}
    plan = plan_one(
        order(("P", 1), rule=rule, destination=Destination()),
        stock,
        locations=(second, first),
    )
    assert plan.shipments == ("A1",)
    assert candidate(plan, "B1").reason == "priority"


def test_exact_tie_goes_to_name_then_key():
    rule = Rule(1, "r", (2, 1))
    locations = (Location(2, "Same"), Location(1, "Same"))
    stock = {(1, "P"): 1, (2, "P"): 1}
    plan = plan_one(
        order(("P", 1), rule=rule, destination=Destination()),
        stock,
        locations=locations,
    )
    assert plan.shipments == (1,)
    assert candidate(plan, 2).reason == "tie"


def test_excluded_location_not_used_for_that_line():
    request = OrderRequest(
        "SO",
        (LineRequest(1, "A", Decimal(2), frozenset({"BEI"})),),
        RULE,
        BEIJING_CUSTOMER,
    )
    plan = plan_one(request, {("BEI", "A"): 5, ("SHA", "A"): 5})
    assert by_location(plan) == {"SHA": 2}
    assert candidate(plan, "BEI").reason == "excluded"


def test_batch_does_not_oversell():
    stock = {("BEI", "A"): 3}
    orders = [order(("A", 2), key=i) for i in range(3)]
    plans = plan_allocations(orders, [BEIJING], stock)
    assert [p.backordered for p in plans] == [0, 1, 2]


def test_float_quantities_are_exact():
    stock = {("BEI", "A"): 0.3}
    request = OrderRequest(
        "SO",
        (LineRequest(1, "A", 0.1), LineRequest(2, "A", 0.2), LineRequest(3, "A", 0.1)),
        RULE,
        BEIJING_CUSTOMER,
    )
    plan = plan_one(request, stock)
    assert [line.backordered for line in plan.lines] == [0, 0, Decimal("0.1")]


def test_unknown_policy_rejected():
    with pytest.raises(ValueError):
        Rule(1, "r", (), backorder_policy="wait")


# Properties ----------------------------------------------------------------------

LOCATION_KEYS = list(range(6))
PRODUCTS = ["p0", "p1", "p2", "p3"]


@st.composite
def scenarios(draw):
    locations = []
    for key in LOCATION_KEYS[: draw(st.integers(1, len(LOCATION_KEYS)))]:
        coords = draw(st.booleans())
        locations.append(
            Location(
                key,
                draw(st.sampled_from(["North", "South", "East"])),
                draw(st.integers(0, 30)),
                draw(st.floats(-80, 80)) if coords else None,
                draw(st.floats(-170, 170)) if coords else None,
                ships=draw(st.booleans()) or draw(st.booleans()),
                safety_stock=Decimal(draw(st.integers(0, 3))),
                daily_capacity=draw(st.integers(0, 3)),
                capacity_used=draw(st.integers(0, 2)),
            )
        )
    keys = [loc.key for loc in locations]
    stock = {
        (key, product): Decimal(draw(st.integers(0, 8)))
        for key in keys
        for product in PRODUCTS
        if draw(st.booleans())
    }
    incoming = {
        (key, product): Incoming(
            draw(st.integers(1, 30)), Decimal(draw(st.integers(1, 5)))
        )
        for key in keys
        for product in PRODUCTS
        if draw(st.integers(0, 3)) == 0
    }
    zones = ()
    if draw(st.booleans()):
        zones = (
            Zone(
                "z",
                tuple(draw(st.permutations(keys))[:2]),
                countries=frozenset({draw(st.sampled_from(["CN", "FR"]))}),
            ),
        )
    rules = [
        Rule(
            r,
            "rule %s" % r,
            tuple(draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))),
            zones=zones,
            use_distance=draw(st.booleans()),
            prefer_single=draw(st.booleans()),
            minimise_shipments=draw(st.booleans()),
            apply_safety_stock=draw(st.booleans()),
            apply_capacity=draw(st.booleans()),
            backorder_policy=draw(st.sampled_from([HOLD, INCOMING])),
        )
        for r in range(2)
    ]
    orders = []
    for o in range(draw(st.integers(1, 5))):
        lines = tuple(
            LineRequest(
                (o, n),
                draw(st.sampled_from(PRODUCTS)),
                Decimal(draw(st.integers(0, 6))),
                frozenset(draw(st.lists(st.sampled_from(keys), max_size=2))),
            )
            for n in range(draw(st.integers(1, 4)))
        )
        destination = Destination(
            draw(st.sampled_from(["CN", "FR"])),
            None,
            "",
            draw(st.floats(-80, 80)),
            draw(st.floats(-170, 170)),
        )
        orders.append(OrderRequest(o, lines, draw(st.sampled_from(rules)), destination))
    return orders, locations, stock, incoming


def _on_hand(plans):
    used = defaultdict(Decimal)
    for plan in plans:
        for line in plan.lines:
            for alloc in line.allocations:
                if not alloc.incoming:
                    used[alloc.location, line.product] += alloc.quantity
    return used


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_never_more_than_available(scenario):
    orders, locations, stock, incoming = scenario
    plans = plan_allocations(orders, locations, stock, incoming)
    by_key = {loc.key: loc for loc in locations}
    safety_applies = {o.rule.apply_safety_stock for o in orders}
    for (key, product), qty in _on_hand(plans).items():
        available = stock.get((key, product), 0)
        assert qty <= available
        if safety_applies == {True}:
            assert qty <= max(available - by_key[key].safety_stock, 0)
    incoming_used = defaultdict(Decimal)
    for plan in plans:
        for line in plan.lines:
            for alloc in line.allocations:
                if alloc.incoming:
                    incoming_used[alloc.location, line.product] += alloc.quantity
    for key, qty in incoming_used.items():
        assert qty <= incoming[key].quantity


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_every_unit_allocated_or_backordered(scenario):
    orders, locations, stock, incoming = scenario
    plans = plan_allocations(orders, locations, stock, incoming)
    for request, plan in zip(orders, plans, strict=True):
        assert plan.order == request.key
        for line, line_plan in zip(request.lines, plan.lines, strict=True):
            allocated = sum(a.quantity for a in line_plan.allocations)
            assert allocated + line_plan.backordered == line.quantity
            assert line_plan.backordered >= 0
            for alloc in line_plan.allocations:
                assert alloc.quantity > 0
                assert alloc.location in request.rule.location_keys
                assert alloc.location not in line.excluded_locations
            if request.rule.backorder_policy == HOLD:
                assert not any(a.incoming for a in line_plan.allocations)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_capacity_and_shipping_flag_respected(scenario):
    orders, locations, stock, incoming = scenario
    plans = plan_allocations(orders, locations, stock, incoming)
    by_key = {loc.key: loc for loc in locations}
    used = defaultdict(int)
    for request, plan in zip(orders, plans, strict=True):
        shipping = {
            a.location
            for line in plan.lines
            for a in line.allocations
            if not a.incoming
        }
        for key in shipping:
            location = by_key[key]
            assert location.ships
            used[key] += 1
            if request.rule.apply_capacity and location.daily_capacity:
                assert location.capacity_used + used[key] <= location.daily_capacity


@settings(max_examples=200, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_same_input_same_plan(scenario, rnd):
    orders, locations, stock, incoming = scenario
    first = plan_allocations(orders, locations, stock, incoming)
    assert plan_allocations(orders, locations, stock, incoming) == first
    shuffled = list(locations)
    rnd.shuffle(shuffled)
    items = list(stock.items())
    rnd.shuffle(items)
    assert plan_allocations(orders, shuffled, dict(items), incoming) == first


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_single_location_when_one_can_ship_everything(scenario):
    orders, locations, stock, incoming = scenario
    request = orders[0]
    if not request.rule.prefer_single:
        return
    plan = plan_allocations([request], locations, stock, incoming)[0]
    winners = [
        c
        for c in plan.candidates
        if c.status == CHOSEN and c.whole and c.reason == "chosen"
    ]
    if winners:
        assert plan.backordered == 0
        assert len(plan.shipments) == 1
    for cand in plan.candidates:
        assert set(dict(cand.reason_args)) == set(REASON_ARGS[cand.reason])


def test_random_big_batch_smoke():
    rnd = random.Random(7)
    locations = [
        Location(
            k, "L%s" % k, rnd.randint(0, 20), rnd.uniform(20, 45), rnd.uniform(100, 125)
        )
        for k in range(50)
    ]
    stock = {
        (k, p): rnd.randint(0, 5)
        for k in range(50)
        for p in range(200)
        if rnd.random() < 0.3
    }
    rule = Rule(1, "all", tuple(range(50)))
    orders = [
        OrderRequest(
            o,
            tuple(
                LineRequest(n, rnd.randrange(200), rnd.randint(1, 4)) for n in range(5)
            ),
            rule,
            Destination(latitude=30.0, longitude=110.0),
        )
        for o in range(200)
    ]
    plans = plan_allocations(orders, locations, stock)
    for (key, product), qty in _on_hand(plans).items():
        assert qty <= stock[key, product]
