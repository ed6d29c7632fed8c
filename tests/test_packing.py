"""Box suggestion: examples, then hypothesis properties against a brute force."""

from collections import Counter
from itertools import permutations, product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oms_domain.errors import DomainError
from oms_domain.packing import (
    EPS,
    BoxType,
    Item,
    PackingProblem,
    suggest_boxes,
)

SMALL = BoxType("S", 20, 15, 10, max_weight=5, base_weight=0.2)
MEDIUM = BoxType("M", 30, 25, 15, max_weight=10, base_weight=0.4)
LARGE = BoxType("L", 40, 30, 30, max_weight=20, base_weight=0.8)
BOXES = [LARGE, SMALL, MEDIUM]


def problems(suggestion):
    return {issue.problem: issue.keys for issue in suggestion.issues}


# Examples ------------------------------------------------------------------------


def test_one_small_item_goes_in_the_smallest_box():
    suggestion = suggest_boxes([Item("mug", 12, 9, 10, 0.4)], BOXES)
    assert suggestion.ok and suggestion.exact
    [box] = suggestion.boxes
    assert box.box_type == SMALL
    assert box.quantities() == {"mug": 1}
    assert box.weight == pytest.approx(0.6)


def test_item_is_turned_to_fit():
    # 14 high does not fit the small box's 10, lying down it does.
    suggestion = suggest_boxes([Item("vase", 9, 8, 14, 1.0)], BOXES)
    [box] = suggestion.boxes
    assert box.box_type == SMALL
    [placed] = box.placements
    assert placed.height <= SMALL.height


def test_weight_limit_opens_a_second_box():
    # Three 4 kg items: the small box takes one (5 kg max with its 0.2 kg).
    items = [Item("iron", 10, 10, 5, 4.0, quantity=3)]
    suggestion = suggest_boxes(items, [SMALL])
    assert [b.box_type for b in suggestion.boxes] == [SMALL] * 3
    assert all(b.weight <= SMALL.max_weight for b in suggestion.boxes)


def test_several_boxes_when_no_box_holds_everything():
    # A 33 cm shoe box only fits the large box, two at a time (stacked).
    items = [Item("sneaker", 33, 22, 12, 0.9, quantity=3)]
    suggestion = suggest_boxes(items, BOXES)
    assert suggestion.ok
    assert [b.box_type for b in suggestion.boxes] == [LARGE, LARGE]
    assert sorted(b.quantities()["sneaker"] for b in suggestion.boxes) == [1, 2]
    check_valid(items, BOXES, suggestion)


def test_missing_size_or_weight_gives_no_suggestion():
    items = [
        Item("ok", 5, 5, 5, 1.0),
        Item("flat", 5, 0, 5, 1.0),
        Item("weightless", 5, 5, 5, 0.0),
    ]
    suggestion = suggest_boxes(items, BOXES)
    assert not suggestion.ok and not suggestion.boxes
    assert problems(suggestion) == {
        PackingProblem.MISSING_DIMENSIONS: ("flat",),
        PackingProblem.MISSING_WEIGHT: ("weightless",),
    }


def test_item_bigger_than_every_box():
    suggestion = suggest_boxes(
        [Item("bike", 150, 80, 20, 12.0), Item("mug", 12, 9, 10, 0.4)], BOXES
    )
    assert not suggestion.boxes
    assert problems(suggestion) == {PackingProblem.TOO_BIG: ("bike",)}


def test_item_heavier_than_every_box_allows():
    suggestion = suggest_boxes([Item("anvil", 10, 10, 10, 50.0)], BOXES)
    assert problems(suggestion) == {PackingProblem.TOO_HEAVY: ("anvil",)}


def test_no_box_types():
    suggestion = suggest_boxes([Item("mug", 12, 9, 10, 0.4)], [])
    assert problems(suggestion) == {PackingProblem.NO_BOX_TYPES: ()}


def test_nothing_to_pack():
    suggestion = suggest_boxes([Item("mug", 12, 9, 10, 0.4, quantity=0)], BOXES)
    assert not suggestion.boxes and not suggestion.issues


def test_box_without_weight_limit():
    box = BoxType("crate", 100, 100, 100)
    suggestion = suggest_boxes([Item("lead", 10, 10, 10, 500.0)], [box])
    assert suggestion.ok


def test_bad_box_type():
    with pytest.raises(DomainError):
        BoxType("bad", 0, 10, 10)
    with pytest.raises(DomainError):
        BoxType("bad", 10, 10, 10, max_weight=-1)


def test_exact_search_finds_what_the_quick_fill_misses():
    # Flat first, the 2x3 block leaves no 4-long strip for the rod; the complete
    # search stands it on its side: both fit the 3x4x1 tray.
    items = [Item("block", 2, 1, 3, 1.0), Item("rod", 1, 4, 1, 1.0)]
    tray = BoxType("tray", 3, 4, 1)
    crate = BoxType("crate", 8, 8, 8)
    suggestion = suggest_boxes(items, [tray, crate])
    assert [b.box_type for b in suggestion.boxes] == [tray]
    check_valid(items, [tray, crate], suggestion)


def test_large_orders_use_the_greedy_packer():
    items = [
        Item("tee", 30, 25, 2, 0.2, quantity=12),
        Item("mug", 12, 9, 10, 0.4, quantity=9),
        Item("sneaker", 33, 22, 12, 0.9, quantity=3),
    ]
    suggestion = suggest_boxes(items, BOXES)
    assert suggestion.ok and not suggestion.exact
    check_valid(items, BOXES, suggestion)


# Properties ----------------------------------------------------------------------


def check_valid(items, box_types, suggestion):
    """Every unit in exactly one box, inside it, no overlap, weights kept."""
    wanted = Counter()
    weights = {}
    for item in items:
        wanted[item.key] += item.quantity
        weights[item.key] = item.weight
    packed = Counter()
    for box in suggestion.boxes:
        assert box.box_type in box_types
        placements = box.placements
        for p in placements:
            packed[p.key] += 1
            assert min(p.x, p.y, p.z) >= -EPS
            assert p.x + p.length <= box.box_type.length + EPS
            assert p.y + p.width <= box.box_type.width + EPS
            assert p.z + p.height <= box.box_type.height + EPS
        for i, a in enumerate(placements):
            for b in placements[i + 1 :]:
                assert not (
                    a.x < b.x + b.length - EPS
                    and b.x < a.x + a.length - EPS
                    and a.y < b.y + b.width - EPS
                    and b.y < a.y + a.width - EPS
                    and a.z < b.z + b.height - EPS
                    and b.z < a.z + a.height - EPS
                ), f"{a} overlaps {b}"
        content = sum(weights[p.key] for p in placements)
        assert box.content_weight == pytest.approx(content)
        if box.box_type.max_weight:
            assert box.weight <= box.box_type.max_weight + EPS
    assert packed == +wanted


sides = st.integers(min_value=1, max_value=4)


@st.composite
def small_case(draw, max_units=4):
    kinds = draw(st.integers(min_value=1, max_value=3))
    items = []
    units = 0
    for kind in range(kinds):
        quantity = draw(st.integers(min_value=1, max_value=max(1, max_units - units)))
        if units + quantity > max_units:
            break
        units += quantity
        items.append(
            Item(
                f"p{kind}",
                draw(sides),
                draw(sides),
                draw(sides),
                draw(st.integers(min_value=1, max_value=5)),
                quantity,
            )
        )
    box_types = [
        BoxType(
            f"b{n}",
            draw(st.integers(min_value=1, max_value=5)),
            draw(st.integers(min_value=1, max_value=5)),
            draw(st.integers(min_value=1, max_value=4)),
            max_weight=draw(st.sampled_from([0, 6, 10, 15])),
            base_weight=draw(st.sampled_from([0, 1])),
        )
        for n in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    return items, box_types


def grid_fits(box, dims_list):
    """Exhaustive search on integer positions: exact for integer sizes."""
    L, W, H = (int(d) for d in box.dims)
    filled = set()

    def cells(x, y, z, d):
        return {
            (i, j, k)
            for i in range(x, x + d[0])
            for j in range(y, y + d[1])
            for k in range(z, z + d[2])
        }

    def place(index):
        if index == len(dims_list):
            return True
        for d in set(permutations(int(v) for v in dims_list[index])):
            for x, y, z in product(
                range(L - d[0] + 1), range(W - d[1] + 1), range(H - d[2] + 1)
            ):
                block = cells(x, y, z, d)
                if block & filled:
                    continue
                filled.update(block)
                if place(index + 1):
                    return True
                filled.difference_update(block)
        return False

    return place(0)


def set_partitions(elements):
    if not elements:
        yield []
        return
    first, rest = elements[0], elements[1:]
    for partition in set_partitions(rest):
        yield [[first], *partition]
        for i in range(len(partition)):
            yield [*partition[:i], [first, *partition[i]], *partition[i + 1 :]]


def brute_force_volume(items, box_types):
    units = [item for item in items for _n in range(item.quantity)]
    best = None
    for partition in set_partitions(list(range(len(units)))):
        total = 0
        for group in partition:
            weight = sum(units[i].weight for i in group)
            volumes = [
                box.volume
                for box in box_types
                if box.holds_weight(weight)
                and grid_fits(box, [units[i].dims for i in group])
            ]
            if not volumes:
                break
            total += min(volumes)
        else:
            best = total if best is None else min(best, total)
    return best


@settings(max_examples=150, deadline=None)
@given(small_case())
def test_small_cases_match_the_brute_force(case):
    items, box_types = case
    suggestion = suggest_boxes(items, box_types)
    best = brute_force_volume(items, box_types)
    if suggestion.issues:
        assert best is None
        return
    check_valid(items, box_types, suggestion)
    assert suggestion.exact
    assert suggestion.total_volume == pytest.approx(best)


dims = st.floats(min_value=0.5, max_value=40, allow_nan=False).map(
    lambda v: round(v, 1)
)


@st.composite
def any_case(draw):
    items = [
        Item(
            f"p{n}",
            draw(dims),
            draw(dims),
            draw(dims),
            draw(st.floats(min_value=0.05, max_value=8).map(lambda v: round(v, 2))),
            draw(st.integers(min_value=1, max_value=6)),
        )
        for n in range(draw(st.integers(min_value=1, max_value=5)))
    ]
    box_types = [
        BoxType(
            f"b{n}",
            draw(st.floats(min_value=10, max_value=80).map(round)),
            draw(st.floats(min_value=10, max_value=60).map(round)),
            draw(st.floats(min_value=5, max_value=60).map(round)),
            max_weight=draw(st.sampled_from([0.0, 10.0, 20.0, 30.0])),
            base_weight=draw(st.sampled_from([0.0, 0.3])),
        )
        for n in range(draw(st.integers(min_value=1, max_value=4)))
    ]
    return items, box_types


@settings(max_examples=200, deadline=None)
@given(any_case())
def test_every_item_fits_and_weights_hold(case):
    items, box_types = case
    suggestion = suggest_boxes(items, box_types)
    if suggestion.issues:
        assert not suggestion.boxes
        assert {i.problem for i in suggestion.issues} <= {
            PackingProblem.TOO_BIG,
            PackingProblem.TOO_HEAVY,
        }
        return
    check_valid(items, box_types, suggestion)
