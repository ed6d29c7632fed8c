"""Shopify sandbox: a stateful Admin GraphQL API on 127.0.0.1.

It keeps orders (REST-shaped, as webhooks carry them), variants, locations,
inventory levels, fulfillments and refunds; answers the GraphQL operations the
connector sends, after validating each document against the official Admin
schema; prices every query and throttles like Shopify (cost bucket, HTTP 429
with ``Retry-After``); sends signed webhooks; and injects faults on demand
through ``/_control/*`` or the Python API: 429 storms, 5xx, slow answers,
malformed or truncated bodies, restarts.

Run it alone: ``python -m oms_sandbox --port 8765`` (see ``__main__``).
"""

import base64
import copy
import hashlib
import hmac
import json
import math
import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from . import graphql_exec
from .server import SandboxHandler, SandboxServing, post_webhook
from .shopify_payments import ShopifyPaymentsMixin

GID = "gid://shopify/%s/%s"
SEARCH_RE = re.compile(r"updated_at:>=?'?([0-9T:\-.+Z]+)'?")


def _now():
    return datetime.now(timezone.utc)


def _iso(when):
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(text):
    text = str(text).replace("Z", "+00:00")
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _money(amount, currency):
    return {
        "shopMoney": {"amount": str(amount), "currencyCode": currency},
    }


def _legacy(value):
    return int(str(value).rsplit("/", 1)[-1])


class _Handler(SandboxHandler):
    server_version = "ShopifySandbox/1.0"

    def do_GET(self):  # noqa: N802
        sandbox = self.server.sandbox
        if self.path.startswith("/_control/state"):
            return self._send(200, sandbox.snapshot())
        answer = sandbox.handle_rest_get(self.headers, self.path)
        if answer:
            return self._answer(*answer)
        return self._send(404, {"errors": "Not Found"})

    def do_POST(self):  # noqa: N802
        body = self._body()
        if self.path.startswith("/_control/"):
            return self._control(self.path[len("/_control/") :], body)
        if not re.match(r"^/admin/api/[\w-]+/graphql\.json$", self.path):
            return self._send(404, {"errors": "Not Found"})
        return self._answer(*self.server.sandbox.handle_graphql(self.headers, body))


class ShopifySandbox(ShopifyPaymentsMixin, SandboxServing):
    """One shop. ``start()`` serves it; ``stop()``/``start()`` restart it on the
    same port with its state kept, as a real restart of the API would."""

    def __init__(
        self,
        token="sandbox-token",
        secret="sandbox-secret",
        port=0,
        shop="oms-sandbox.myshopify.com",
        currency="USD",
        bucket_max=2000.0,
        restore_rate=100.0,
        validate=True,
    ):
        self.token = token
        self.secret = secret
        self.port = port
        self.shop = shop
        self.currency = currency
        self.bucket_max = float(bucket_max)
        self.restore_rate = float(restore_rate)
        self.available = float(bucket_max)
        self.bucket_at = time.monotonic()
        self.schema = graphql_exec.load_schema() if validate else None
        self.lock = threading.RLock()
        self.orders = {}
        self.variants = {}
        self.locations = {
            1: {
                "id": GID % ("Location", 1),
                "name": "Sandbox Warehouse",
                "isActive": True,
            }
        }
        self.inventory = {}
        self.fulfillments = []
        self.refunds = []
        self.faults = []
        self.calls = []
        self.webhooks_sent = []
        self.webhook_url = ""
        self._next_id = 1000
        self._server = None
        self._thread = None

    handler_class = _Handler

    # ------------------------------------------------------------ server
    @property
    def graphql_url(self):
        return "%s/admin/api/2025-01/graphql.json" % self.url

    def restart(self, down_seconds=0.0):
        self.stop()
        if down_seconds:
            time.sleep(down_seconds)
        return self.start()

    # ------------------------------------------------------------ data
    def _new_id(self):
        with self.lock:
            self._next_id += 1
            return self._next_id

    def add_location(self, name):
        with self.lock:
            key = self._new_id()
            self.locations[key] = {
                "id": GID % ("Location", key),
                "name": name,
                "isActive": True,
            }
            return self.locations[key]["id"]

    def add_variant(self, sku, price="10.00", title=""):
        with self.lock:
            key = self._new_id()
            self.variants[key] = {
                "id": key,
                "product_id": self._new_id(),
                "inventory_item_id": self._new_id(),
                "sku": sku,
                "price": str(price),
                "title": title or sku,
            }
            return self.variants[key]

    def variant_by_sku(self, sku):
        return next((v for v in self.variants.values() if v["sku"] == sku), None)

    def add_order(self, order, webhook=False):
        """Store a REST-shaped order (e.g. the official sample); returns it."""
        with self.lock:
            order = copy.deepcopy(order)
            order.setdefault("id", self._new_id())
            order["updated_at"] = _iso(_now())
            order.setdefault("created_at", order["updated_at"])
            order.setdefault("currency", self.currency)
            order.setdefault("refunds", [])
            for line in order.get("line_items", []):
                line.setdefault("fulfilled", 0)
            self.orders[int(order["id"])] = order
        if webhook and self.webhook_url:
            self.send_webhook("orders/create", order["id"])
        return order

    def create_order(
        self, lines, customer=0, shipping="5.00", webhook=False, tax_rate=None
    ):
        """A consistent order of ``lines`` [(sku, qty)] of known variants."""
        number = len(self.orders) + 1001
        items = []
        subtotal = Decimal(0)
        taxes = Decimal(0)
        for sku, qty in lines:
            variant = self.variant_by_sku(sku) or self.add_variant(sku)
            price = Decimal(variant["price"])
            tax_lines = []
            if tax_rate:
                tax = (price * qty * Decimal(str(tax_rate))).quantize(Decimal("0.01"))
                taxes += tax
                tax_lines = [{"price": str(tax), "rate": tax_rate, "title": "Tax"}]
            subtotal += price * qty
            items.append(
                {
                    "id": self._new_id(),
                    "admin_graphql_api_id": "",
                    "name": variant["title"],
                    "title": variant["title"],
                    "sku": sku,
                    "quantity": qty,
                    "current_quantity": qty,
                    "price": str(price),
                    "product_id": variant["product_id"],
                    "variant_id": variant["id"],
                    "tax_lines": tax_lines,
                    "discount_allocations": [],
                    "fulfillable_quantity": qty,
                    "fulfillment_status": None,
                }
            )
        address = {
            "first_name": "Customer",
            "last_name": str(customer),
            "name": "Customer %s" % customer,
            "address1": "%s Sandbox Street" % (customer + 1),
            "address2": "",
            "city": "Louisville",
            "zip": "40202",
            "province_code": "KY",
            "country_code": "US",
            "phone": "+1502459%04d" % (customer % 10000),
            "company": None,
        }
        email = "customer%s@sandbox.example.com" % customer
        shipping_taxes = []
        if tax_rate:
            tax = (Decimal(shipping) * Decimal(str(tax_rate))).quantize(Decimal("0.01"))
            taxes += tax
            shipping_taxes = [{"price": str(tax), "rate": tax_rate, "title": "Tax"}]
        total = subtotal + taxes + Decimal(shipping)
        order = {
            "id": self._new_id(),
            "name": "#%s" % number,
            "email": email,
            "currency": self.currency,
            "financial_status": "paid",
            "taxes_included": False,
            "total_price": str(total),
            "customer": {
                "id": 500000 + customer,
                "email": email,
                "first_name": "Customer",
                "last_name": str(customer),
                "phone": address["phone"],
            },
            "shipping_address": address,
            "billing_address": dict(address),
            "line_items": items,
            "shipping_lines": [
                {
                    "title": "Standard",
                    "price": shipping,
                    "discounted_price": shipping,
                    "tax_lines": shipping_taxes,
                }
            ],
            "cancelled_at": None,
            "note": None,
        }
        return self.add_order(order, webhook=webhook)

    def touch(self, order_id, **changes):
        """Change an order (bumps ``updated_at``), e.g. ``note="x"``."""
        with self.lock:
            order = self.orders[int(order_id)]
            order.update(changes)
            order["updated_at"] = _iso(_now())
            return order

    def cancel_order(self, order_id, webhook=False):
        order = self.touch(
            order_id, cancelled_at=_iso(_now()), cancel_reason="customer"
        )
        if webhook and self.webhook_url:
            self.send_webhook("orders/cancelled", order_id)
        return order

    def refund_order(self, order_id, amount, note="", webhook=False):
        with self.lock:
            order = self.orders[int(order_id)]
            refund = {
                "id": self._new_id(),
                "created_at": _iso(_now()),
                "note": note,
                "order_id": order["id"],
                "transactions": [
                    {"amount": str(amount), "kind": "refund", "status": "success"}
                ],
                "refund_line_items": [],
                "origin": "shop",
            }
            order["refunds"].append(refund)
            order["financial_status"] = "partially_refunded"
            order["updated_at"] = _iso(_now())
            self.refunds.append(dict(refund, order_id=order["id"]))
        if webhook and self.webhook_url:
            self.send_webhook("orders/updated", order_id)
        return refund

    # ------------------------------------------------------------ webhooks
    def sign(self, body):
        digest = hmac.new(self.secret.encode(), body, hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    def webhook_request(
        self, topic, order_id=None, body=None, delivery_id=None, triggered_at=None
    ):
        """(body, headers) of a delivery; ``body`` overrides the order JSON."""
        if body is None:
            body = json.dumps(self.orders[int(order_id)]).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": self.sign(body),
            "X-Shopify-Shop-Domain": self.shop,
            "X-Shopify-API-Version": "2025-01",
            "X-Shopify-Webhook-Id": delivery_id or str(uuid.uuid4()),
            "X-Shopify-Triggered-At": triggered_at or _iso(_now()),
        }
        return body, headers

    def send_webhook(
        self, topic, order_id=None, url=None, body=None, delivery_id=None, timeout=10
    ):
        """POST a signed delivery; returns the HTTP status (0: unreachable)."""
        body, headers = self.webhook_request(topic, order_id, body, delivery_id)
        status = post_webhook(url or self.webhook_url, body, headers, timeout)
        self.webhooks_sent.append(
            {"topic": topic, "status": status, "id": headers["X-Shopify-Webhook-Id"]}
        )
        return status

    # ------------------------------------------------------------ faults
    def control(self, action, payload):
        """``/_control/<action>`` of the HTTP API (tests, demo, benchmarks)."""
        if action == "fault":
            self.inject(payload.pop("kind"), **payload)
        elif action == "orders":
            skus = payload.get("skus") or [v["sku"] for v in self.variants.values()][:3]
            created = [
                self.create_order(
                    [
                        (skus[(n + i) % len(skus)], 1 + i)
                        for i in range(payload.get("lines", 2))
                    ],
                    customer=n,
                    webhook=payload.get("webhook", False),
                )["id"]
                for n in range(payload.get("count", 1))
            ]
            return {"created": created}
        elif action == "variants":
            return {
                "variants": [self.add_variant(sku)["id"] for sku in payload["skus"]]
            }
        elif action == "webhook_url":
            self.webhook_url = payload["url"]
        elif action == "cancel":
            self.cancel_order(payload["id"], webhook=payload.get("webhook", False))
        elif action == "refund":
            self.refund_order(
                payload["id"], payload["amount"], webhook=payload.get("webhook", False)
            )
        elif action == "restart":
            threading.Thread(
                target=self.restart, args=(payload.get("down", 1.0),), daemon=True
            ).start()
        else:
            raise KeyError("unknown action %s" % action)
        return {"ok": True}

    def snapshot(self):
        with self.lock:
            return {
                "orders": len(self.orders),
                "inventory": {
                    "%s|%s" % key: qty for key, qty in self.inventory.items()
                },
                "fulfillments": self.fulfillments,
                "refunds": self.refunds,
                "calls": len(self.calls),
            }

    # ------------------------------------------------------------ GraphQL
    def _refill(self):
        now = time.monotonic()
        self.available = min(
            self.bucket_max, self.available + (now - self.bucket_at) * self.restore_rate
        )
        self.bucket_at = now

    def _throttle_status(self):
        return {
            "maximumAvailable": self.bucket_max,
            "currentlyAvailable": round(self.available),
            "restoreRate": self.restore_rate,
        }

    def handle_graphql(self, headers, body):
        """(status, payload, headers, raw body or None, delay); status None
        resets the connection."""
        if headers.get("X-Shopify-Access-Token") != self.token:
            return (
                401,
                {
                    "errors": "[API] Invalid API key or access token "
                    "(unrecognized login or wrong password)"
                },
                {},
                None,
                0,
            )
        fault = self._take_fault()
        answer, delay = self._fault_answer(
            fault, lambda status: {"errors": "sandbox fault %s" % status}, 5
        )
        if answer:
            return answer
        try:
            request = json.loads(body)
            document = request["query"]
            variables = request.get("variables") or {}
            op, fragments, variables, requested = graphql_exec.execute(
                document,
                variables,
                None,
                schema=self.schema,
                operation_name=request.get("operationName"),
            )
        except graphql_exec.GraphQLError as exc:
            return (
                200,
                {"errors": [{"message": m} for m in exc.args[0]]},
                {},
                None,
                delay,
            )
        except (ValueError, KeyError, TypeError) as exc:
            return 400, {"errors": "Bad Request: %s" % exc}, {}, None, delay
        with self.lock:
            self._refill()
            if requested > graphql_exec.MAX_COST:
                return (
                    200,
                    {
                        "errors": [
                            {
                                "message": "Query cost is %s, which exceeds the "
                                "single query "
                                "max cost limit (1000)." % requested,
                                "extensions": {"code": "MAX_COST_EXCEEDED"},
                            }
                        ]
                    },
                    {},
                    None,
                    delay,
                )
            if requested > self.available:
                wait = math.ceil((requested - self.available) / self.restore_rate)
                payload = {
                    "errors": [
                        {"message": "Throttled", "extensions": {"code": "THROTTLED"}}
                    ],
                    "extensions": {
                        "cost": {
                            "requestedQueryCost": requested,
                            "actualQueryCost": None,
                            "throttleStatus": self._throttle_status(),
                        }
                    },
                }
                return 429, payload, {"Retry-After": max(1, wait)}, None, delay
            self.available -= requested
            self.calls.append(op.name.value if op.name else "")
            try:
                data = graphql_exec.resolve(op, fragments, variables, self._resolvers())
            except graphql_exec.GraphQLError as exc:
                return (
                    200,
                    {"errors": [{"message": m} for m in exc.args[0]]},
                    {},
                    None,
                    delay,
                )
            cost = {
                "requestedQueryCost": requested,
                "actualQueryCost": requested,
                "throttleStatus": self._throttle_status(),
            }
        payload = {"data": data, "extensions": {"cost": cost}}
        if fault and fault["kind"] == "truncated":
            raw = json.dumps(payload).encode()
            return 200, None, {}, raw[: len(raw) // 2], delay
        return 200, payload, {}, None, delay

    def _resolvers(self):
        return {
            "shop": lambda args: {
                "name": "OMS Sandbox",
                "myshopifyDomain": self.shop,
                "currencyCode": self.currency,
            },
            "orders": self._orders,
            "order": self._order,
            "locations": self._locations,
            "productVariants": self._variants,
            "inventorySetQuantities": self._inventory_set,
            "fulfillmentCreate": self._fulfillment_create,
            "refundCreate": self._refund_create,
        }

    @staticmethod
    def _cursor(order):
        return base64.urlsafe_b64encode(
            json.dumps([order["updated_at"], int(order["id"])]).encode()
        ).decode()

    @staticmethod
    def _page(items, first, after, key):
        start = 0
        if after:
            marker = json.loads(base64.urlsafe_b64decode(after.encode()))
            items = [item for item in items if key(item) > tuple(marker)]
        page = items[start : start + int(first)]
        return page, len(items) > len(page)

    def _orders(self, args):
        orders = sorted(
            self.orders.values(), key=lambda o: (o["updated_at"], int(o["id"]))
        )
        match = SEARCH_RE.search(args.get("query") or "")
        if match:
            since = _parse(match.group(1))
            orders = [o for o in orders if _parse(o["updated_at"]) >= since]
        page, more = self._page(
            orders,
            args.get("first") or 50,
            args.get("after"),
            key=lambda o: (o["updated_at"], int(o["id"])),
        )
        return {
            "pageInfo": {
                "hasNextPage": more,
                "endCursor": self._cursor(page[-1]) if page else None,
            },
            "nodes": [self._graphql_order(o) for o in page],
        }

    def _order(self, args):
        order = self.orders.get(_legacy(args["id"]))
        return self._graphql_order(order) if order else None

    def _locations(self, args):
        nodes = list(self.locations.values())
        return {"pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": nodes}

    def _variants(self, args):
        variants = sorted(self.variants.values(), key=lambda v: v["id"])
        after = args.get("after")
        if after:
            variants = [v for v in variants if v["id"] > int(after)]
        page = variants[: int(args.get("first") or 50)]
        more = len(variants) > len(page)
        return {
            "pageInfo": {
                "hasNextPage": more,
                "endCursor": str(page[-1]["id"]) if page else None,
            },
            "nodes": [
                {
                    "id": GID % ("ProductVariant", v["id"]),
                    "sku": v["sku"],
                    "title": v["title"],
                    "product": {
                        "id": GID % ("Product", v["product_id"]),
                        "title": v["title"],
                    },
                    "inventoryItem": {
                        "id": GID % ("InventoryItem", v["inventory_item_id"])
                    },
                }
                for v in page
            ],
        }

    def _graphql_order(self, order):
        currency = order.get("currency") or self.currency

        def address(raw):
            if not raw:
                return None
            return {
                "name": raw.get("name"),
                "firstName": raw.get("first_name"),
                "lastName": raw.get("last_name"),
                "company": raw.get("company"),
                "address1": raw.get("address1"),
                "address2": raw.get("address2"),
                "city": raw.get("city"),
                "zip": raw.get("zip"),
                "provinceCode": raw.get("province_code"),
                "countryCodeV2": raw.get("country_code"),
                "phone": raw.get("phone"),
            }

        customer = order.get("customer") or None
        financial = (order.get("financial_status") or "pending").upper()
        return {
            "id": GID % ("Order", order["id"]),
            "legacyResourceId": str(order["id"]),
            "name": order.get("name"),
            "createdAt": order.get("created_at"),
            "updatedAt": order.get("updated_at"),
            "cancelledAt": order.get("cancelled_at"),
            "cancelReason": (order.get("cancel_reason") or "").upper() or None,
            "currencyCode": currency,
            "taxesIncluded": bool(order.get("taxes_included")),
            "displayFinancialStatus": financial,
            "email": order.get("email"),
            "phone": order.get("phone"),
            "note": order.get("note"),
            "totalPriceSet": _money(order.get("total_price"), currency),
            "customer": customer
            and {
                "id": GID % ("Customer", customer.get("id")),
                "email": customer.get("email"),
                "firstName": customer.get("first_name"),
                "lastName": customer.get("last_name"),
                "phone": customer.get("phone"),
            },
            "shippingAddress": address(order.get("shipping_address")),
            "billingAddress": address(order.get("billing_address")),
            "lineItems": {
                "nodes": [
                    {
                        "id": GID % ("LineItem", line["id"]),
                        "sku": line.get("sku"),
                        "name": line.get("name"),
                        "quantity": line.get("quantity"),
                        "originalUnitPriceSet": _money(line.get("price"), currency),
                        "discountAllocations": [
                            {"allocatedAmountSet": _money(a.get("amount"), currency)}
                            for a in line.get("discount_allocations") or []
                        ],
                        "taxLines": [
                            {"ratePercentage": float(Decimal(str(t["rate"])) * 100)}
                            for t in line.get("tax_lines") or []
                        ],
                        "product": line.get("product_id")
                        and {"id": GID % ("Product", line["product_id"])},
                        "variant": line.get("variant_id")
                        and {"id": GID % ("ProductVariant", line["variant_id"])},
                    }
                    for line in order.get("line_items") or []
                ]
            },
            "shippingLines": {
                "nodes": [
                    {
                        "title": line.get("title"),
                        "discountedPriceSet": _money(
                            line.get("discounted_price", line.get("price")), currency
                        ),
                        "taxLines": [
                            {"ratePercentage": float(Decimal(str(t["rate"])) * 100)}
                            for t in line.get("tax_lines") or []
                        ],
                    }
                    for line in order.get("shipping_lines") or []
                ]
            },
            "refunds": [
                {
                    "id": GID % ("Refund", refund["id"]),
                    "createdAt": refund.get("created_at"),
                    "note": refund.get("note"),
                    "totalRefundedSet": _money(
                        sum(
                            (
                                Decimal(str(t["amount"]))
                                for t in refund.get("transactions") or []
                                if t.get("kind") == "refund"
                            ),
                            Decimal(0),
                        ),
                        currency,
                    ),
                }
                for refund in order.get("refunds") or []
            ],
            "fulfillmentOrders": {"nodes": [self._fulfillment_order(order)]},
        }

    def _fulfillment_order(self, order):
        location = next(iter(self.locations.values()))
        lines = order.get("line_items") or []
        open_lines = any(
            line["quantity"] - line.get("fulfilled", 0) > 0 for line in lines
        )
        return {
            "id": GID % ("FulfillmentOrder", order["id"]),
            "status": "OPEN"
            if open_lines and not order.get("cancelled_at")
            else "CLOSED",
            "assignedLocation": {"location": {"id": location["id"]}},
            "lineItems": {
                "nodes": [
                    {
                        "id": GID % ("FulfillmentOrderLineItem", line["id"]),
                        "remainingQuantity": line["quantity"]
                        - line.get("fulfilled", 0),
                        "lineItem": {
                            "id": GID % ("LineItem", line["id"]),
                            "sku": line.get("sku"),
                            "variant": line.get("variant_id")
                            and {"id": GID % ("ProductVariant", line["variant_id"])},
                        },
                    }
                    for line in lines
                ]
            },
        }

    def _inventory_set(self, args):
        data = args["input"]
        quantities = data.get("quantities") or []
        if len(quantities) > 250:
            return {
                "inventoryAdjustmentGroup": None,
                "userErrors": [
                    {
                        "field": ["input", "quantities"],
                        "message": "At most 250 quantities",
                        "code": "INVALID_QUANTITIES",
                    }
                ],
            }
        known_items = {
            GID % ("InventoryItem", v["inventory_item_id"])
            for v in self.variants.values()
        }
        known_locations = {loc["id"] for loc in self.locations.values()}
        errors = []
        for index, entry in enumerate(quantities):
            if (
                entry["inventoryItemId"] not in known_items
                or entry["locationId"] not in known_locations
            ):
                errors.append(
                    {
                        "field": ["input", "quantities", str(index)],
                        "message": "The specified inventory item or "
                        "location "
                        "could not be found.",
                        "code": "INVALID_INVENTORY_ITEM",
                    }
                )
        if errors:
            return {"inventoryAdjustmentGroup": None, "userErrors": errors}
        for entry in quantities:
            self.inventory[(entry["inventoryItemId"], entry["locationId"])] = int(
                entry["quantity"]
            )
        return {
            "inventoryAdjustmentGroup": {
                "id": GID % ("InventoryAdjustmentGroup", self._new_id())
            },
            "userErrors": [],
        }

    def _fulfillment_create(self, args):
        data = args["fulfillment"]
        created = []
        for group in data.get("lineItemsByFulfillmentOrder") or []:
            order = self.orders.get(_legacy(group["fulfillmentOrderId"]))
            if order is None:
                return {
                    "fulfillment": None,
                    "userErrors": [
                        {
                            "field": ["fulfillment"],
                            "message": "Fulfillment order does not exist.",
                        }
                    ],
                }
            lines = {
                GID % ("FulfillmentOrderLineItem", line["id"]): line
                for line in order["line_items"]
            }
            wanted = group.get("fulfillmentOrderLineItems") or [
                {"id": key, "quantity": line["quantity"] - line.get("fulfilled", 0)}
                for key, line in lines.items()
            ]
            for item in wanted:
                line = lines.get(item["id"])
                if line is None or item["quantity"] > line["quantity"] - line.get(
                    "fulfilled", 0
                ):
                    return {
                        "fulfillment": None,
                        "userErrors": [
                            {
                                "field": ["fulfillment"],
                                "message": "Invalid fulfillment order line item "
                                "quantity requested.",
                            }
                        ],
                    }
            for item in wanted:
                lines[item["id"]]["fulfilled"] = (
                    lines[item["id"]].get("fulfilled", 0) + item["quantity"]
                )
                created.append((order["id"], item["id"], item["quantity"]))
            order["updated_at"] = _iso(_now())
        fulfillment = {
            "id": GID % ("Fulfillment", self._new_id()),
            "status": "SUCCESS",
            "tracking": data.get("trackingInfo") or {},
            "lines": created,
        }
        self.fulfillments.append(fulfillment)
        return {
            "fulfillment": {"id": fulfillment["id"], "status": "SUCCESS"},
            "userErrors": [],
        }

    def _refund_create(self, args):
        data = args["input"]
        order = self.orders.get(_legacy(data["orderId"]))
        if order is None:
            return {
                "refund": None,
                "userErrors": [
                    {"field": ["orderId"], "message": "Order does not exist"}
                ],
            }
        amount = sum(
            (Decimal(str(t["amount"])) for t in data.get("transactions") or []),
            Decimal(0),
        )
        refund = {
            "id": self._new_id(),
            "created_at": _iso(_now()),
            "note": data.get("note"),
            "order_id": order["id"],
            "transactions": [
                {"amount": str(amount), "kind": "refund", "status": "success"}
            ],
            "refund_line_items": data.get("refundLineItems") or [],
            "origin": "api",
        }
        order["refunds"].append(refund)
        order["updated_at"] = _iso(_now())
        self.refunds.append(dict(refund))
        return {
            "refund": {
                "id": GID % ("Refund", refund["id"]),
                "totalRefundedSet": _money(
                    amount, order.get("currency") or self.currency
                ),
            },
            "userErrors": [],
        }


def fresh_order_time(offset_seconds=0):
    """ISO time ``offset_seconds`` from now (tests of replay windows)."""
    return _iso(_now() + timedelta(seconds=offset_seconds))
