"""Shopify order mapping, on the official sample bodies of shared/fixtures."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oms_domain import parse_order
from oms_domain.errors import DomainError
from oms_domain.shopify import gid, legacy_id, order_from_graphql, order_from_rest
from oms_sandbox import ShopifySandbox
from oms_sandbox.graphql_exec import schema_path

FIXTURES = schema_path().parent


def sample_orders():
    return json.loads((FIXTURES / "orders_rest_2026-07.json").read_text())["orders"]


def test_official_sample_order_maps_to_a_valid_normalized_order():
    mapped = order_from_rest(sample_orders()[0])
    data = mapped.normalized
    assert mapped.external_id == "450789469"
    assert mapped.name == "#1001"
    assert mapped.customer_id == "207119551"
    assert data["currency"] == "USD"
    assert data["payment_status"] == "paid"  # partially_refunded: paid, refunds aside
    assert data["order_date"] == "2008-01-10T16:00:00Z"  # -05:00 made UTC
    assert data["customer"]["email"] == "bob.norman@mail.example.com"
    assert data["shipping_address"]["state_code"] == "KY"
    first = data["lines"][0]
    assert first == {
        "sku": "IPOD2008GREEN",
        "quantity": "1",
        "unit_price": "199.00",
        "discount_amount": "3.34",
        "tax_rates": ["6"],
        "name": "IPod Nano - 8gb - green",
        "external_line_id": "466157049",
        "external_product_id": "632910392",
        "external_variant_id": "39072856",
    }
    assert data["shipping_method"] == "Free Shipping"
    assert data["total"] == "598.94"
    assert [refund.amount for refund in mapped.refunds] == ["209.00"]
    assert not mapped.cancelled
    parsed = parse_order(data)
    assert not parsed.problems
    assert parsed.lines[0].discount_amount == Decimal("3.34")
    assert parsed.lines[0].tax_rates == (Decimal("6"),)


def test_short_official_order_body_is_taken_too():
    body = json.loads((FIXTURES / "order_rest_2026-07.json").read_text())
    mapped = order_from_rest(body)
    assert mapped.external_id == "450789469"
    assert len(mapped.normalized["lines"]) == len(body["line_items"])


def test_graphql_and_rest_shapes_of_the_same_order_are_one_normalized_order():
    sandbox = ShopifySandbox(validate=False)
    sandbox.add_variant("MUG", price="12.50")
    sandbox.add_variant("CAP", price="7.00")
    rest = sandbox.create_order([("MUG", 2), ("CAP", 1)], tax_rate=0.2)
    sandbox.refund_order(rest["id"], "7.00", note="cap broke")
    sandbox.cancel_order(rest["id"])
    rest = sandbox.orders[rest["id"]]
    node = sandbox._graphql_order(rest)
    from_rest, from_graphql = order_from_rest(rest), order_from_graphql(node)
    assert from_rest == from_graphql
    assert from_graphql.normalized["lines"][0]["tax_rates"] == ["20"]
    assert from_graphql.cancelled
    assert from_graphql.refunds[0].amount == "7.00"


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "x",
        {"id": None},
        {"id": 1, "line_items": {}},
        {"id": 1, "total_price": "NaN"},
    ],
)
def test_payloads_that_cannot_be_orders_raise_domain_errors(payload):
    with pytest.raises(DomainError):
        order_from_rest(payload)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=12), children, max_size=6)
        ),
        max_leaves=30,
    )
)
def test_any_json_either_maps_or_raises_a_domain_error(value):
    order = sample_orders()[0]
    for candidate in (
        value,
        dict(order, line_items=value),
        dict(order, customer=value),
    ):
        try:
            mapped = order_from_rest(candidate)
        except DomainError as error:
            assert str(error)
            continue
        json.dumps(mapped.normalized)


def test_global_ids():
    assert gid("Order", 12) == "gid://shopify/Order/12"
    assert gid("Order", "gid://shopify/Order/12") == "gid://shopify/Order/12"
    assert legacy_id("gid://shopify/InventoryLevel/5?inventory_item_id=3") == "5"
    assert legacy_id(None) == ""
    assert legacy_id(7) == "7"
