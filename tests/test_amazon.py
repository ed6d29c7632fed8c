"""Amazon SP-API: mapping of the official model examples (2026-01-01 and v0),
LWA tokens, rates, listings patch and feed (validated against the official
feed schema), shipment confirmation and ORDER_CHANGE notifications."""

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from oms_domain import parse_order
from oms_domain.amazon import (
    ORDERS_2026,
    ORDERS_V0,
    RATES,
    AccessToken,
    bucket_for,
    confirm_shipment_body,
    is_expired_token,
    listings_feed,
    minimum_import_seconds,
    next_token,
    order_change,
    order_from_2026,
    order_from_v0,
    patch_quantity_body,
    rdt_request,
    search_orders_query,
    token_request,
    v0_orders_query,
)
from oms_domain.amazon.api import items_of, orders_of
from oms_domain.errors import DomainError

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "amazon"
if not FIXTURES.is_dir():
    FIXTURES = Path("/work/shared/fixtures/amazon")


def fixture(name):
    return json.loads((FIXTURES / name).read_text())


def example(spec, path, method="get", status="200"):
    answer = fixture(spec)["paths"][path][method]["responses"][status]
    return answer["examples"]["application/json"]


def v0_order_and_items():
    orders = example("ordersV0.json", "/orders/v0/orders")
    items = example("ordersV0.json", "/orders/v0/orders/{orderId}/orderItems")
    return orders_of(orders, ORDERS_V0)[0], items_of(items)[0]


def test_2026_search_example_maps_to_a_valid_normalized_order():
    answer = example("orders_2026-01-01.json", "/orders/2026-01-01/orders")
    order = orders_of(answer, ORDERS_2026)[0]
    mapped = order_from_2026(order)
    data = mapped.normalized
    assert mapped.external_id == "123-4567890-1234567"
    assert mapped.updated_at == "2024-12-25T14:45:00Z"
    assert mapped.marketplace_id == "ATVPDKIKX0DER"
    assert data["currency"] == "USD"
    assert [(line["sku"], line["quantity"]) for line in data["lines"]] == [
        ("ECHO-DOT-4-CHARCOAL", "2"),
        ("FIRE-TV-4K-2021", "1"),
    ]
    assert data["lines"][0]["unit_price"] == "49.99"
    assert data["shipping_address"]["city"] == "Seattle"
    assert data["customer"]["email"] == "buyer-email@marketplace.amazon.com"
    assert "Tax collected by Amazon: 0.02 USD" in data["note"]
    parsed = parse_order(data)
    assert not parsed.problems
    assert next_token(answer, ORDERS_2026) == "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4"


def test_2026_get_order_example_maps():
    answer = example("orders_2026-01-01.json", "/orders/2026-01-01/orders/{orderId}")
    mapped = order_from_2026(answer["order"])
    assert mapped.external_id == "202-1234567-8901234"
    assert not parse_order(mapped.normalized).problems


def test_v0_order_with_items_maps_whole_quantity_price_to_unit_price():
    order, items = v0_order_and_items()
    mapped = order_from_v0(order, items)
    data = mapped.normalized
    assert mapped.external_id == "902-3159896-1390916"
    assert data["payment_status"] == "pending"
    # ItemPrice 17.95 is for two units.
    assert Decimal(data["lines"][1]["unit_price"]) * 2 == Decimal("17.95")
    assert data["shipping_amount"] == "1.26"
    assert data["shipping_address"]["zip"] == "48817"
    assert data["customer"]["name"] == "John Doe"
    assert not parse_order(data).problems


def test_cancelled_orders_carry_their_cancellation():
    order, items = v0_order_and_items()
    assert order_from_v0(dict(order, OrderStatus="Canceled"), items).cancelled
    answer = example("orders_2026-01-01.json", "/orders/2026-01-01/orders")
    order = dict(orders_of(answer, ORDERS_2026)[0])
    order["fulfillment"] = {"fulfillmentStatus": "CANCELLED"}
    assert order_from_2026(order).cancelled


@pytest.mark.parametrize(
    "payload",
    [None, [], "x", {"orderId": ""}, {"orderId": "1", "orderItems": {}}],
)
def test_malformed_2026_orders_are_refused(payload):
    with pytest.raises(DomainError):
        order_from_2026(payload)


def test_malformed_amounts_are_refused():
    order, items = v0_order_and_items()
    bad = [dict(items[0], ItemPrice={"Amount": "NaN", "CurrencyCode": "JPY"})]
    with pytest.raises(DomainError):
        order_from_v0(order, bad)
    with pytest.raises(DomainError):
        orders_of({"payload": {"Orders": "x"}}, ORDERS_V0)


def test_queries_match_the_models():
    since = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    query = search_orders_query(since, ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"], "tok")
    assert query["lastUpdatedAfter"] == "2026-01-02T03:04:05Z"
    assert query["marketplaceIds"] == "ATVPDKIKX0DER,A2EUQ1WTGCTBG2"
    assert query["paginationToken"] == "tok"
    assert "createdAfter" not in query
    v0 = v0_orders_query("2026-01-02T03:04:05Z", ["ATVPDKIKX0DER"])
    assert v0["MarketplaceIds"] == "ATVPDKIKX0DER"
    assert "NextToken" not in v0
    with pytest.raises(DomainError):
        search_orders_query(since, [])


def test_rates_are_the_documented_ones():
    assert RATES["searchOrders"] == (0.0056, 20)
    assert RATES["getOrder"] == (0.5, 30)
    assert RATES["getOrders"] == (0.0167, 20)
    assert RATES["getOrderItems"] == (0.5, 30)
    assert RATES["confirmShipment"] == (2.0, 10)
    assert RATES["patchListingsItem"] == (5.0, 5)
    bucket = bucket_for("patchListingsItem", {"available": 99, "maximum": 99})
    assert bucket.maximum == 5 and bucket.available == 5
    # 1,000 orders: 10 pages fit the burst of 20 searchOrders.
    assert minimum_import_seconds(1000, "2026-01-01") == 0
    # v0: 1,000 getOrderItems at 0.5/s after a burst of 30.
    assert minimum_import_seconds(1000, "v0") == pytest.approx(1940)
    assert minimum_import_seconds(5000, "2026-01-01") == pytest.approx(30 / 0.0056)


def test_access_token_cache():
    token = AccessToken.from_answer({"access_token": "Atza|x", "expires_in": 3600}, 100)
    assert token.valid(200) and not token.valid(3700 - 30)
    assert "Atza" not in repr(token)
    assert AccessToken.from_dict(token.to_dict()) == token
    assert AccessToken.from_dict({}) is None
    with pytest.raises(DomainError):
        AccessToken.from_answer({"error": "invalid_grant"}, 0)
    with pytest.raises(DomainError):
        token_request("id", "", "refresh")
    assert token_request("id", "s", "r")["grant_type"] == "refresh_token"


def test_expired_token_answers():
    body = {"errors": [{"code": "Unauthorized", "message": "The access token expired"}]}
    assert is_expired_token(403, body)
    assert not is_expired_token(400, body)
    assert not is_expired_token(403, {"errors": [{"code": "Denied", "message": "x"}]})


def test_rdt_request():
    body = rdt_request("GET", "/orders/v0/orders", ["shippingAddress"])
    assert body == {
        "restrictedResources": [
            {
                "method": "GET",
                "path": "/orders/v0/orders",
                "dataElements": ["shippingAddress"],
            }
        ]
    }


def test_listings_patch_and_feed_follow_the_official_schemas():
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema is needed to validate the listings feed"
    )
    body = patch_quantity_body(7)
    assert body["patches"][0]["value"][0]["quantity"] == 7
    assert patch_quantity_body(-3)["patches"][0]["value"][0]["quantity"] == 0
    definitions = fixture("listingsItems_2021-08-01.json")["definitions"]
    schema = dict(definitions["ListingsItemPatchRequest"], definitions=definitions)
    jsonschema.validate(body, schema)
    feed = listings_feed("A1SELLER", [("SKU-1", 4), ("SKU-2", 0)])
    feed_schema = fixture("listings-feed-schema-v2.json")
    jsonschema.validate(feed, feed_schema)
    jsonschema.validate(fixture("listings-feed-schema-v2.example.json"), feed_schema)
    assert [m["messageId"] for m in feed["messages"]] == [1, 2]
    with pytest.raises(DomainError):
        listings_feed("", [("SKU-1", 1)])
    with pytest.raises(DomainError):
        listings_feed("A1SELLER", [])


def test_confirm_shipment_body_follows_the_model():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is needed")
    body = confirm_shipment_body(
        "ATVPDKIKX0DER",
        "WH/OUT/00012",
        "UPS",
        "1Z999",
        datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc),
        [("12345678901234", 2)],
    )
    definitions = fixture("ordersV0.json")["definitions"]
    schema = dict(definitions["ConfirmShipmentRequest"], definitions=definitions)
    jsonschema.validate(body, schema)
    assert body["packageDetail"]["shipDate"] == "2026-03-01T12:00:00Z"
    with pytest.raises(DomainError):
        confirm_shipment_body(
            "M", "1", "UPS", "", datetime.now(timezone.utc), [("1", 1)]
        )


def test_order_change_notification_examples():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is needed")
    schema = fixture("OrderChangeNotification.json")
    for sample in schema["examples"]:
        jsonschema.validate(sample, schema)
        change = order_change(sample)
        assert (
            change.order_id
            == sample["Payload"]["OrderChangeNotification"]["AmazonOrderId"]
        )
    with pytest.raises(DomainError):
        order_change({"NotificationType": "ANY_OFFER_CHANGED"})
