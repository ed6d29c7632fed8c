"""The WooCommerce sandbox speaks REST v3 as the connector expects it."""

import json

import pytest
import requests

from oms_domain import webhooks
from oms_domain.woocommerce import (
    StockItem,
    is_ping,
    order_from_rest,
    orders_query,
    stock_batches,
    total_pages,
)
from oms_sandbox import WooCommerceSandbox


@pytest.fixture
def shop():
    sandbox = WooCommerceSandbox().start()
    yield sandbox
    sandbox.stop()


def get(shop, path, **params):
    return requests.get(
        shop.url + "/wp-json/wc/v3/" + path,
        params=params,
        auth=(shop.key, shop.secret),
        timeout=5,
    )


def test_orders_are_paged_with_x_wp_totalpages(shop):
    for number in range(5):
        shop.create_order([("W-A", 1 + number)], customer=number, tax_rate=10)
    first = get(shop, "orders", **orders_query("2000-01-01T00:00:00Z", 1, 2))
    assert total_pages(first.headers) == 3
    seen = []
    for page in (1, 2, 3):
        answer = get(shop, "orders", **orders_query("2000-01-01T00:00:00Z", page, 2))
        seen += [order_from_rest(order).external_id for order in answer.json()]
    assert len(set(seen)) == 5
    later = get(shop, "orders", **orders_query("2999-01-01T00:00:00Z", 1))
    assert later.json() == [] and total_pages(later.headers) == 0


def test_wrong_credentials_are_refused(shop):
    answer = requests.get(
        shop.url + "/wp-json/wc/v3/orders", auth=("ck", "wrong"), timeout=5
    )
    assert answer.status_code == 401
    assert answer.json()["code"] == "woocommerce_rest_cannot_view"


def test_batches_set_stock_of_products_and_variations(shop):
    shop.add_product("W-S")
    shop.add_variable("Shirt", ["W-V1", "W-V2"])
    product, _none = shop.item_by_sku("W-S")
    parent, variation = shop.item_by_sku("W-V2")
    calls = stock_batches(
        [
            StockItem(str(product["id"]), str(product["id"]), 7),
            StockItem(str(variation["id"]), str(parent["id"]), 3),
        ]
    )
    for path, body in calls:
        answer = requests.post(
            shop.url + "/wp-json/wc/v3/" + path,
            json=body,
            auth=(shop.key, shop.secret),
            timeout=5,
        )
        assert answer.status_code == 200
    assert (shop.stock_of("W-S"), shop.stock_of("W-V2"), shop.stock_of("W-V1")) == (
        7,
        3,
        None,
    )
    too_many = {"update": [{"id": n, "stock_quantity": 1} for n in range(101)]}
    answer = requests.post(
        shop.url + "/wp-json/wc/v3/products/batch",
        json=too_many,
        auth=(shop.key, shop.secret),
        timeout=5,
    )
    assert answer.status_code == 413


def test_webhooks_are_signed_and_the_ping_is_not(shop):
    order = shop.create_order([("W-A", 1)])
    body, headers = shop.webhook_request("order.updated", order["id"])
    assert json.loads(body)["id"] == order["id"]
    assert webhooks.verify_base64_hmac(
        shop.webhook_secret, body, headers["X-WC-Webhook-Signature"]
    )
    ping, ping_headers = shop.ping_request(7)
    assert "X-WC-Webhook-Signature" not in ping_headers
    assert is_ping(ping, "")
