"""Kits (allocated and counted by their components) and dropship suppliers."""

from collections import defaultdict
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from oms_domain.allocation import (
    CHOSEN,
    INCOMING,
    REASON_ARGS,
    Destination,
    Incoming,
    LineRequest,
    Location,
    OrderRequest,
    Rule,
    kit_quantity,
    plan_allocations,
)
from oms_domain.ats import AtsPolicy, compute_ats, compute_kit_ats

SHOP = Location("SHOP", "Shop", 10)
DEPOT = Location("DEPOT", "Depot", 20)
RULE = Rule(1, "Shop then depot", ("SHOP", "DEPOT"), use_distance=False)
HERE = Destination("CN")
# A gift box: 2 mugs and 1 tea tin.
GIFT = {"GIFT": (("MUG", Decimal(2)), ("TEA", Decimal(1)))}


def order(*lines, rule=RULE, key="SO1"):
    return OrderRequest(key, tuple(lines), rule, HERE)


def line(key, product, qty, **kw):
    return LineRequest(key, product, Decimal(qty), **kw)


def shipped(plan):
    result = defaultdict(Decimal)
    for line_plan in plan.lines:
        for alloc in line_plan.allocations:
            result[(alloc.location, line_plan.product)] += alloc.quantity
    return dict(result)


def D(value):
    return Decimal(value)


# Kit quantity ----------------------------------------------------------------


def test_kit_quantity_is_min_of_floors():
    free = {"MUG": D(7), "TEA": D(10)}
    assert kit_quantity(GIFT["GIFT"], free) == 3  # 7 mugs make 3 boxes
    assert kit_quantity(GIFT["GIFT"], {"MUG": D(20)}) == 0  # no tea
    assert kit_quantity(GIFT["GIFT"], {"MUG": D(-4), "TEA": D(3)}) == 0
    assert kit_quantity((), {}) == 0
    assert kit_quantity((("MUG", D("0.5")),), {"MUG": D("1.6")}) == 3


# Allocation of kits -----------------------------------------------------------


def test_kit_goes_where_every_component_is():
    # The shop has mugs but no tea: it cannot serve the kit; the depot has both.
    stock = {
        ("SHOP", "MUG"): D(50),
        ("DEPOT", "MUG"): D(4),
        ("DEPOT", "TEA"): D(2),
    }
    plan = plan_allocations(
        [order(line(1, "GIFT", 2))], [SHOP, DEPOT], stock, kits=GIFT
    )[0]
    assert shipped(plan) == {("DEPOT", "GIFT"): D(2)}
    assert plan.backordered == 0
    shop = next(c for c in plan.candidates if c.location == "SHOP")
    assert shop.reason == "no_stock"
    depot = next(c for c in plan.candidates if c.location == "DEPOT")
    assert [(s.product, s.available, s.usable) for s in depot.stock] == [
        ("GIFT", D(2), D(2))
    ]


def test_kits_take_components_for_later_orders_and_lines():
    stock = {("DEPOT", "MUG"): D(5), ("DEPOT", "TEA"): D(5)}
    first, second = plan_allocations(
        [
            # 2 boxes (4 mugs) and 1 loose mug: all 5 mugs.
            order(line(1, "GIFT", 2), line(2, "MUG", 1), key="SO1"),
            order(line(3, "GIFT", 1), key="SO2"),
        ],
        [SHOP, DEPOT],
        stock,
        kits=GIFT,
    )
    assert shipped(first) == {("DEPOT", "GIFT"): D(2), ("DEPOT", "MUG"): D(1)}
    assert first.backordered == 0
    # No mug left for the second order's box.
    assert shipped(second) == {}
    assert second.backordered == 1


def test_kit_and_component_in_one_order_never_double_count():
    # 3 mugs, 3 tins: 1 box (2 mugs) + 2 loose mugs cannot both be served.
    stock = {("DEPOT", "MUG"): D(3), ("DEPOT", "TEA"): D(3)}
    plan = plan_allocations(
        [order(line(1, "GIFT", 1), line(2, "MUG", 2))], [DEPOT], stock, kits=GIFT
    )[0]
    taken = shipped(plan)
    mugs = 2 * taken.get(("DEPOT", "GIFT"), 0) + taken.get(("DEPOT", "MUG"), 0)
    assert mugs <= 3
    assert plan.backordered == 1


def test_kit_split_over_locations_by_whole_kits():
    stock = {
        ("SHOP", "MUG"): D(3),
        ("SHOP", "TEA"): D(3),
        ("DEPOT", "MUG"): D(2),
        ("DEPOT", "TEA"): D(1),
    }
    plan = plan_allocations(
        [order(line(1, "GIFT", 3))], [SHOP, DEPOT], stock, kits=GIFT
    )[0]
    assert shipped(plan) == {("SHOP", "GIFT"): D(1), ("DEPOT", "GIFT"): D(1)}
    assert plan.backordered == 1


# Dropship ---------------------------------------------------------------------


def test_missing_quantity_goes_to_the_dropship_supplier():
    stock = {("SHOP", "LAMP"): D(1), ("SHOP", "MUG"): D(1)}
    plan = plan_allocations(
        [
            order(
                line(1, "LAMP", 3, supplier="ACME", supplier_name="Acme"),
                line(2, "SOFA", 1, supplier="HOME", supplier_name="Home Co"),
                line(3, "MUG", 2),
            )
        ],
        [SHOP, DEPOT],
        stock,
    )[0]
    lamp, sofa, mug = plan.lines
    assert (lamp.dropshipped, lamp.supplier, lamp.backordered) == (D(2), "ACME", 0)
    assert (sofa.dropshipped, sofa.supplier) == (D(1), "HOME")
    # Without a supplier, what is missing is held as before.
    assert (mug.dropshipped, mug.supplier, mug.backordered) == (0, None, D(1))
    assert plan.dropshipped == {"ACME": D(2), "HOME": D(1)}
    suppliers = [c for c in plan.candidates if c.supplier is not None]
    assert [(c.supplier, c.status, c.reason) for c in suppliers] == [
        ("ACME", CHOSEN, "dropship"),
        ("HOME", CHOSEN, "dropship"),
    ]
    assert dict(suppliers[0].reason_args) == {"units": D(2), "supplier": "Acme"}
    assert set(dict(suppliers[0].reason_args)) == set(REASON_ARGS["dropship"])
    # Suppliers are not shipping locations.
    assert plan.shipments == ("SHOP",)


def test_stock_first_then_supplier_and_nothing_when_covered():
    stock = {("DEPOT", "LAMP"): D(5)}
    plan = plan_allocations(
        [order(line(1, "LAMP", 3, supplier="ACME", supplier_name="Acme"))],
        [SHOP, DEPOT],
        stock,
    )[0]
    assert shipped(plan) == {("DEPOT", "LAMP"): D(3)}
    assert plan.dropshipped == {}
    assert all(c.supplier is None for c in plan.candidates)


def test_incoming_policy_waits_for_receipts_before_the_supplier():
    rule = Rule(
        2, "Incoming", ("DEPOT",), use_distance=False, backorder_policy=INCOMING
    )
    incoming = {("DEPOT", "LAMP"): Incoming("2026-12-01", D(1))}
    plan = plan_allocations(
        [order(line(1, "LAMP", 3, supplier="ACME", supplier_name="Acme"), rule=rule)],
        [DEPOT],
        {},
        incoming,
    )[0]
    (lamp,) = plan.lines
    assert [a.quantity for a in lamp.allocations] == [D(1)]
    assert lamp.allocations[0].incoming
    assert lamp.dropshipped == 2


# Properties -------------------------------------------------------------------

quantities = st.integers(min_value=0, max_value=12)


@settings(max_examples=150, deadline=None)
@given(
    shop=st.tuples(quantities, quantities, quantities),
    depot=st.tuples(quantities, quantities, quantities),
    orders=st.lists(
        st.tuples(
            st.integers(0, 4), st.integers(0, 4), st.integers(0, 4), st.booleans()
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_kits_never_take_more_components_than_exist(shop, depot, orders):
    kits = {
        "GIFT": (("MUG", D(2)), ("TEA", D(1))),
        "DUO": (("TEA", D(1)), ("SPOON", D(3))),
    }
    stock = {}
    for loc, (mug, tea, spoon) in (("SHOP", shop), ("DEPOT", depot)):
        stock.update({(loc, "MUG"): D(mug), (loc, "TEA"): D(tea)})
        stock[(loc, "SPOON")] = D(spoon)
    requests = [
        order(
            line(1, "GIFT", gift),
            line(2, "DUO", duo),
            line(3, "TEA", tea),
            rule=Rule(1, "r", ("SHOP", "DEPOT"), prefer_single=single),
            key=n,
        )
        for n, (gift, duo, tea, single) in enumerate(orders)
    ]
    plans = plan_allocations(requests, [SHOP, DEPOT], stock, kits=kits)
    used = defaultdict(Decimal)
    for request, plan in zip(requests, plans, strict=True):
        for req, line_plan in zip(request.lines, plan.lines, strict=True):
            allocated = sum((a.quantity for a in line_plan.allocations), Decimal(0))
            assert allocated + line_plan.backordered == req.quantity
            for alloc in line_plan.allocations:
                assert alloc.quantity == int(alloc.quantity)  # whole kits
                for component, per_kit in kits.get(
                    line_plan.product, ((line_plan.product, D(1)),)
                ):
                    used[(alloc.location, component)] += alloc.quantity * per_kit
    for key, qty in used.items():
        assert qty <= stock[key]


@settings(max_examples=150, deadline=None)
@given(
    components=st.lists(
        st.tuples(
            st.floats(-5, 60, allow_nan=False),
            st.floats(0, 30, allow_nan=False),
            st.sampled_from([0.5, 1.0, 2.0, 3.0]),
        ),
        min_size=1,
        max_size=4,
    ),
    buffer=st.integers(0, 3),
)
def test_kit_ats_is_min_over_components_of_floor(components, buffer):
    figures = [
        (compute_ats(on_hand, reserved=promised), per_kit)
        for on_hand, promised, per_kit in components
    ]
    kit = compute_kit_ats(figures, AtsPolicy(buffer=buffer))
    expected_free = min(int(f.free / per_kit + 1e-9) for f, per_kit in figures)
    assert kit.free == expected_free
    assert kit.ats == max(0, expected_free - buffer)
    # One kit more would need more of some component than is free.
    assert any((expected_free + 1) * per_kit > f.free + 1e-9 for f, per_kit in figures)


def test_kit_ats_without_components_is_zero():
    assert compute_kit_ats([]).ats == 0
    assert compute_kit_ats([(compute_ats(10), 0)]).ats == 0
