"""The Shopify sandbox behaves like the API the connector talks to."""

import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from oms_domain import webhooks
from oms_domain.shopify import graphql as documents
from oms_sandbox import ShopifySandbox

HEADERS = {"X-Shopify-Access-Token": "sandbox-token"}


@pytest.fixture
def sandbox():
    # A Shopify Plus-sized budget: these tests are not about throttling.
    server = ShopifySandbox(restore_rate=100000.0).start()
    for sku in ("A", "B", "C"):
        server.add_variant(sku)
    yield server
    server.stop()


def call(sandbox, name, variables, timeout=5):
    return requests.post(
        sandbox.graphql_url,
        json={"query": documents.DOCUMENTS[name], "variables": variables},
        headers=HEADERS,
        timeout=timeout,
    )


def all_orders(sandbox, search="updated_at:>='2000-01-01T00:00:00Z'"):
    seen, cursor = [], None
    while True:
        page = call(
            sandbox, "orders", documents.orders_variables(search, cursor)
        ).json()
        connection = page["data"]["orders"]
        seen += [node["legacyResourceId"] for node in connection["nodes"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return seen
        cursor = connection["pageInfo"]["endCursor"]


def test_wrong_token_is_refused(sandbox):
    answer = requests.post(sandbox.graphql_url, json={"query": "{ shop { name } }"})
    assert answer.status_code == 401


def test_invalid_documents_get_schema_errors(sandbox):
    answer = requests.post(
        sandbox.graphql_url,
        json={"query": "{ shop { nonsense } }"},
        headers=HEADERS,
    )
    assert answer.status_code == 200
    assert "nonsense" in answer.json()["errors"][0]["message"]


def test_pages_cover_every_order_once_and_survive_a_restart(sandbox):
    ids = [str(sandbox.create_order([("A", 1)], customer=n)["id"]) for n in range(20)]
    first = call(sandbox, "orders", documents.orders_variables("", None)).json()
    cursor = first["data"]["orders"]["pageInfo"]["endCursor"]
    sandbox.restart()
    rest = call(sandbox, "orders", documents.orders_variables("", cursor)).json()
    got = [n["legacyResourceId"] for n in first["data"]["orders"]["nodes"]]
    got += [n["legacyResourceId"] for n in rest["data"]["orders"]["nodes"]]
    assert got == ids[: len(got)]
    assert sorted(all_orders(sandbox)) == sorted(ids)


def test_updated_filter(sandbox):
    old = sandbox.create_order([("A", 1)])
    mark = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    new = sandbox.create_order([("B", 1)])
    assert all_orders(sandbox, "updated_at:>='%s'" % mark) == [str(new["id"])]
    sandbox.touch(old["id"], note="changed")
    assert all_orders(sandbox, "updated_at:>='%s'" % mark) == [
        str(new["id"]),
        str(old["id"]),
    ]


def test_throttling_answers_429_with_retry_after(sandbox):
    sandbox.available = 0
    sandbox.restore_rate = 10.0
    answer = call(sandbox, "orders", documents.orders_variables(""))
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) >= 90
    cost = answer.json()["extensions"]["cost"]
    assert cost["throttleStatus"]["maximumAvailable"] == 2000


def test_faults_on_demand(sandbox):
    sandbox.inject("status", status=429, retry_after=3, count=2)
    sandbox.inject("status", status=503)
    sandbox.inject("malformed")
    sandbox.inject("truncated")
    statuses = [call(sandbox, "shop", {}) for _ in range(5)]
    assert [a.status_code for a in statuses] == [429, 429, 503, 200, 200]
    assert statuses[0].headers["Retry-After"] == "3"
    for answer in statuses[3:]:
        with pytest.raises(ValueError):
            json.loads(answer.content)
    assert call(sandbox, "shop", {}).json()["data"]["shop"]["name"] == "OMS Sandbox"
    sandbox.inject("delay", seconds=1)
    with pytest.raises(requests.Timeout):
        call(sandbox, "shop", {}, timeout=0.2)
    sandbox.inject("reset")
    with pytest.raises(requests.ConnectionError):
        call(sandbox, "shop", {})


def test_control_api(sandbox):
    answer = requests.post(sandbox.url + "/_control/orders", json={"count": 3})
    assert len(answer.json()["created"]) == 3
    requests.post(
        sandbox.url + "/_control/fault", json={"kind": "status", "status": 500}
    )
    assert call(sandbox, "shop", {}).status_code == 500
    state = requests.get(sandbox.url + "/_control/state").json()
    assert state["orders"] == 3


def test_inventory_fulfillment_and_refund_mutations(sandbox):
    variant = sandbox.variant_by_sku("A")
    item = "gid://shopify/InventoryItem/%s" % variant["inventory_item_id"]
    location = "gid://shopify/Location/1"
    answer = call(
        sandbox,
        "inventory_set",
        documents.inventory_set_variables([(item, location, 7)]),
    ).json()
    assert answer["data"]["inventorySetQuantities"]["userErrors"] == []
    assert sandbox.inventory[(item, location)] == 7
    too_many = documents.inventory_set_variables([(item, location, 1)] * 251)
    answer = call(sandbox, "inventory_set", too_many).json()
    assert answer["data"]["inventorySetQuantities"]["userErrors"]
    order = sandbox.create_order([("A", 2)])
    fo = call(
        sandbox, "fulfillment_orders", {"id": "gid://shopify/Order/%s" % order["id"]}
    )
    node = fo.json()["data"]["order"]["fulfillmentOrders"]["nodes"][0]
    line = node["lineItems"]["nodes"][0]
    assert line["remainingQuantity"] == 2
    variables = documents.fulfillment_variables(
        {node["id"]: [(line["id"], 2)]}, tracking_number="T1", company="UPS"
    )
    created = call(sandbox, "fulfillment_create", variables).json()
    assert created["data"]["fulfillmentCreate"]["userErrors"] == []
    assert sandbox.fulfillments[0]["tracking"] == {"number": "T1", "company": "UPS"}
    again = call(sandbox, "fulfillment_create", variables).json()
    assert again["data"]["fulfillmentCreate"]["userErrors"]
    refund = call(
        sandbox,
        "refund_create",
        documents.refund_variables(
            "gid://shopify/Order/%s" % order["id"],
            [("gid://shopify/LineItem/%s" % order["line_items"][0]["id"], 1)],
            amount="10.00",
            gateway="manual",
        ),
    ).json()
    assert (
        refund["data"]["refundCreate"]["refund"]["totalRefundedSet"]["shopMoney"][
            "amount"
        ]
        == "10.00"
    )


def test_webhooks_are_signed_with_the_app_secret(sandbox):
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            return

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        sandbox.webhook_url = "http://127.0.0.1:%s/hook" % receiver.server_address[1]
        order = sandbox.create_order([("A", 1)], webhook=True)
    finally:
        receiver.shutdown()
        receiver.server_close()
    headers, body = received[0]
    delivery = webhooks.Delivery(
        body=body,
        signature=headers["X-Shopify-Hmac-Sha256"],
        delivery_id=headers["X-Shopify-Webhook-Id"],
        topic=headers["X-Shopify-Topic"],
        triggered_at=headers["X-Shopify-Triggered-At"],
    )
    now = datetime.now(timezone.utc)
    assert webhooks.check_delivery(delivery, "sandbox-secret", now) == webhooks.OK
    assert json.loads(body)["id"] == order["id"]
    assert sandbox.webhooks_sent[0]["status"] == 200
