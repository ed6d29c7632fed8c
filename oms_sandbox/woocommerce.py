"""WooCommerce sandbox: a stateful REST API v3 (``/wp-json/wc/v3``) on 127.0.0.1.

It keeps orders (as ``GET /orders`` returns them), products and variations,
order notes and refunds; pages lists with ``X-WP-Total`` / ``X-WP-TotalPages``;
filters orders by ``modified_after``; applies ``products/batch`` and
``products/<id>/variations/batch`` (100 objects at most, as WooCommerce);
checks the consumer key and secret (HTTP Basic or query string); sends
signed webhooks (``X-WC-Webhook-Signature``) and the unsigned ping; and
injects faults like the Shopify sandbox (status, delay, malformed, truncated,
reset). Test tooling, never imported by the addons' runtime code.
"""

import base64
import copy
import hashlib
import hmac
import json
import math
import threading
import uuid
from datetime import datetime, timezone
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from .server import SandboxHandler, SandboxServing, post_webhook

API = "/wp-json/wc/v3/"
BATCH_LIMIT = 100


def _now():
    return datetime.now(timezone.utc)


def _gmt(when):
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def _error(code, message, status):
    return {"code": code, "message": message, "data": {"status": status}}


class _Handler(SandboxHandler):
    server_version = "WooCommerceSandbox/1.0"
    content_type = "application/json; charset=UTF-8"

    def _dispatch(self, method):
        body = self._body()
        parts = urlsplit(self.path)
        if parts.path.startswith("/_control/"):
            return self._control(parts.path[len("/_control/") :], body)
        return self._answer(
            *self.server.sandbox.handle(
                method, parts.path, parse_qs(parts.query), self.headers, body
            )
        )

    def do_GET(self):  # noqa: N802
        return self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        return self._dispatch("POST")

    def do_PUT(self):  # noqa: N802
        return self._dispatch("PUT")


class WooCommerceSandbox(SandboxServing):
    """One WooCommerce shop; ``start()`` serves it, ``stop()`` stops it."""

    def __init__(
        self,
        key="ck_sandbox",
        secret="cs_sandbox",
        webhook_secret="wc-webhook-secret",
        port=0,
        currency="USD",
    ):
        self.key = key
        self.secret = secret
        self.webhook_secret = webhook_secret
        self.port = port
        self.currency = currency
        self.lock = threading.RLock()
        self.orders = {}
        self.products = {}
        self.variations = {}  # id -> variation (with parent_id)
        self.notes = []
        self.refunds = []
        self.batches = []
        self.faults = []
        self.calls = []
        self.webhooks_sent = []
        self.webhook_url = ""
        self._next_id = 100
        self._server = None

    handler_class = _Handler

    # ------------------------------------------------------------ data
    def _new_id(self):
        with self.lock:
            self._next_id += 1
            return self._next_id

    def add_product(self, sku, price="10.00", stock=None):
        """A simple product."""
        with self.lock:
            key = self._new_id()
            self.products[key] = {
                "id": key,
                "name": "Product %s" % sku,
                "type": "simple",
                "sku": sku,
                "price": str(price),
                "manage_stock": stock is not None,
                "stock_quantity": stock,
                "variations": [],
            }
            return self.products[key]

    def add_variable(self, name, skus, price="10.00"):
        """A variable product with one variation per SKU; returns it."""
        with self.lock:
            key = self._new_id()
            product = {
                "id": key,
                "name": name,
                "type": "variable",
                "sku": "",
                "price": str(price),
                "manage_stock": False,
                "stock_quantity": None,
                "variations": [],
            }
            self.products[key] = product
            for sku in skus:
                variation_id = self._new_id()
                self.variations[variation_id] = {
                    "id": variation_id,
                    "parent_id": key,
                    "sku": sku,
                    "price": str(price),
                    "manage_stock": False,
                    "stock_quantity": None,
                }
                product["variations"].append(variation_id)
            return product

    def item_by_sku(self, sku):
        """(product, variation or None) of a SKU."""
        for variation in self.variations.values():
            if variation["sku"] == sku:
                return self.products[variation["parent_id"]], variation
        for product in self.products.values():
            if product["sku"] == sku:
                return product, None
        return None, None

    def stock_of(self, sku):
        product, variation = self.item_by_sku(sku)
        return (variation or product or {}).get("stock_quantity")

    def create_order(
        self,
        lines,
        customer=0,
        shipping="5.00",
        tax_rate=None,
        status="processing",
        webhook=False,
    ):
        """A consistent order of ``lines`` [(sku, qty)] (unknown SKUs become
        simple products); ``tax_rate`` a percentage, e.g. 10."""
        with self.lock:
            items = []
            cart_tax = Decimal(0)
            net = Decimal(0)
            rate = Decimal(str(tax_rate)) if tax_rate else None
            for sku, qty in lines:
                product, variation = self.item_by_sku(sku)
                if product is None:
                    product = self.add_product(sku)
                price = Decimal((variation or product)["price"])
                total = price * qty
                tax = (total * rate / 100).quantize(Decimal("0.01")) if rate else 0
                cart_tax += tax
                net += total
                items.append(
                    {
                        "id": self._new_id(),
                        "name": product["name"],
                        "product_id": product["id"],
                        "variation_id": variation["id"] if variation else 0,
                        "quantity": qty,
                        "tax_class": "",
                        "subtotal": "%.2f" % total,
                        "subtotal_tax": "%.2f" % tax,
                        "total": "%.2f" % total,
                        "total_tax": "%.2f" % tax,
                        "taxes": [{"id": 1, "total": str(tax), "subtotal": str(tax)}]
                        if rate
                        else [],
                        "meta_data": [],
                        "sku": sku,
                        "price": float(price),
                    }
                )
            shipping = Decimal(shipping)
            shipping_tax = (
                (shipping * rate / 100).quantize(Decimal("0.01")) if rate else 0
            )
            address = {
                "first_name": "Customer",
                "last_name": str(customer),
                "company": "",
                "address_1": "%s Sandbox Road" % (customer + 1),
                "address_2": "",
                "city": "Portland",
                "state": "OR",
                "postcode": "97201",
                "country": "US",
            }
            order_id = self._new_id()
            now = _now()
            order = {
                "id": order_id,
                "parent_id": 0,
                "number": str(order_id),
                "status": status,
                "currency": self.currency,
                "date_created": _gmt(now),
                "date_created_gmt": _gmt(now),
                "date_modified": _gmt(now),
                "date_modified_gmt": _gmt(now),
                "shipping_total": "%.2f" % shipping,
                "shipping_tax": "%.2f" % shipping_tax,
                "cart_tax": "%.2f" % cart_tax,
                "total": "%.2f" % (net + cart_tax + shipping + shipping_tax),
                "total_tax": "%.2f" % (cart_tax + shipping_tax),
                "prices_include_tax": False,
                "customer_id": 0,
                "customer_note": "",
                "billing": dict(
                    address,
                    email="customer%s@woo.example.com" % customer,
                    phone="+1503555%04d" % (customer % 10000),
                ),
                "shipping": address,
                "payment_method": "bacs",
                "line_items": items,
                "tax_lines": [
                    {
                        "id": self._new_id(),
                        "rate_code": "US-OR-TAX-1",
                        "rate_id": 1,
                        "label": "Tax",
                        "compound": False,
                        "tax_total": "%.2f" % cart_tax,
                        "shipping_tax_total": "%.2f" % shipping_tax,
                        "rate_percent": float(rate),
                    }
                ]
                if rate
                else [],
                "shipping_lines": [
                    {
                        "id": self._new_id(),
                        "method_title": "Flat rate",
                        "method_id": "flat_rate",
                        "total": "%.2f" % shipping,
                        "total_tax": "%.2f" % shipping_tax,
                        "taxes": [{"id": 1, "total": str(shipping_tax)}]
                        if rate
                        else [],
                    }
                ],
                "fee_lines": [],
                "coupon_lines": [],
                "refunds": [],
            }
            self.orders[order_id] = order
        if webhook and self.webhook_url:
            self.send_webhook("order.created", order_id)
        return order

    def add_order(self, order, webhook=False):
        """Store an order body as given (e.g. the official sample)."""
        with self.lock:
            order = copy.deepcopy(order)
            order.setdefault("id", self._new_id())
            order["date_modified_gmt"] = _gmt(_now())
            order.setdefault("refunds", [])
            self.orders[int(order["id"])] = order
        if webhook and self.webhook_url:
            self.send_webhook("order.created", order["id"])
        return order

    def touch(self, order_id, **changes):
        with self.lock:
            order = self.orders[int(order_id)]
            order.update(changes)
            order["date_modified"] = order["date_modified_gmt"] = _gmt(_now())
            return order

    # ------------------------------------------------------------ webhooks
    def sign(self, body):
        digest = hmac.new(self.webhook_secret.encode(), body, hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    def webhook_request(self, topic, order_id=None, body=None, delivery_id=None):
        """(body, headers) of a delivery; ``body`` overrides the order JSON."""
        if body is None:
            body = json.dumps(self.orders[int(order_id)]).encode()
        resource, _sep, event = topic.partition(".")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "WooCommerce/9.0 Hookshot (WordPress/6.5)",
            "X-WC-Webhook-Source": self.url + "/",
            "X-WC-Webhook-Topic": topic,
            "X-WC-Webhook-Resource": resource,
            "X-WC-Webhook-Event": event,
            "X-WC-Webhook-Signature": self.sign(body),
            "X-WC-Webhook-ID": "1",
            "X-WC-Webhook-Delivery-ID": delivery_id or uuid.uuid4().hex,
        }
        return body, headers

    def ping_request(self, webhook_id=1):
        """The unsigned test WooCommerce sends when a webhook is saved."""
        return (
            b"webhook_id=%d" % webhook_id,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )

    def send_webhook(self, topic, order_id=None, url=None, body=None, timeout=10):
        """POST a signed delivery; returns the HTTP status (0: unreachable)."""
        body, headers = self.webhook_request(topic, order_id, body)
        status = post_webhook(url or self.webhook_url, body, headers, timeout)
        self.webhooks_sent.append({"topic": topic, "status": status})
        return status

    # ------------------------------------------------------------ faults
    def control(self, action, payload):
        if action == "fault":
            self.inject(payload.pop("kind"), **payload)
        elif action == "orders":
            skus = (
                payload.get("skus")
                or [p["sku"] for p in self.products.values() if p["sku"]][:3]
            )
            created = [
                self.create_order(
                    [(skus[n % len(skus)], 1)],
                    customer=n,
                    webhook=payload.get("webhook", False),
                )["id"]
                for n in range(payload.get("count", 1))
            ]
            return {"created": created}
        elif action == "webhook_url":
            self.webhook_url = payload["url"]
        else:
            raise KeyError("unknown action %s" % action)
        return {"ok": True}

    def snapshot(self):
        with self.lock:
            return {
                "orders": len(self.orders),
                "notes": self.notes,
                "refunds": self.refunds,
                "batches": len(self.batches),
                "calls": len(self.calls),
            }

    # ------------------------------------------------------------ REST
    def _authorized(self, query, headers):
        auth = headers.get("Authorization") or ""
        if auth.startswith("Basic "):
            try:
                pair = base64.b64decode(auth[6:]).decode()
            except ValueError:
                return False
            return pair == "%s:%s" % (self.key, self.secret)
        return (query.get("consumer_key") or [""])[0] == self.key and (
            query.get("consumer_secret") or [""]
        )[0] == self.secret

    def handle(self, method, path, query, headers, body):
        """(status, payload, headers, raw body or None, delay); status None
        resets the connection."""
        if not path.startswith(API):
            return 404, _error("rest_no_route", "No route", 404), {}, None, 0
        if not self._authorized(query, headers):
            return (
                401,
                _error(
                    "woocommerce_rest_cannot_view",
                    "Sorry, you cannot list resources.",
                    401,
                ),
                {},
                None,
                0,
            )
        fault = self._take_fault()
        answer, delay = self._fault_answer(
            fault, lambda status: _error("fault", "sandbox fault", status), 1.0
        )
        if answer:
            return answer
        route = path[len(API) :].strip("/")
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            return (
                400,
                _error("rest_invalid_json", "Invalid JSON body passed.", 400),
                {},
                None,
                0,
            )
        with self.lock:
            self.calls.append((method, route))
            status, payload, extra = self._route(method, route, query, data)
        if fault and fault["kind"] == "truncated":
            raw = json.dumps(payload).encode()
            return status, None, extra, raw[: max(1, len(raw) // 2)], delay
        return status, payload, extra, None, delay

    def _route(self, method, route, query, data):  # noqa: C901
        parts = route.split("/")
        if route == "system_status" and method == "GET":
            return (
                200,
                {"environment": {"site_url": self.url, "version": "9.0.0"}},
                {},
            )
        if parts[0] == "orders":
            if len(parts) == 1 and method == "GET":
                return self._orders(query)
            order = self.orders.get(int(parts[1])) if parts[1].isdigit() else None
            if order is None:
                return (
                    404,
                    _error(
                        "woocommerce_rest_shop_order_invalid_id", "Invalid ID.", 404
                    ),
                    {},
                )
            if len(parts) == 2 and method == "GET":
                return 200, order, {}
            if len(parts) == 2 and method == "PUT":
                order.update({k: v for k, v in data.items() if k in ("status",)})
                self.touch(order["id"])
                return 200, order, {}
            if parts[2:] == ["notes"] and method == "POST":
                if not data.get("note"):
                    return 400, _error("rest_missing_callback_param", "note", 400), {}
                note = {
                    "id": self._new_id(),
                    "order_id": order["id"],
                    "note": data["note"],
                    "customer_note": bool(data.get("customer_note")),
                }
                self.notes.append(note)
                return 201, note, {}
            if parts[2:] == ["refunds"] and method == "POST":
                return self._refund(order, data)
        if parts[0] == "products":
            if len(parts) == 1 and method == "GET":
                items = sorted(self.products.values(), key=lambda p: p["id"])
                return self._page(items, query)
            if parts[1:] == ["batch"] and method == "POST":
                return self._batch(self.products, data, None)
            if len(parts) >= 3 and parts[2] == "variations":
                parent = int(parts[1])
                if parent not in self.products:
                    return 404, _error("woocommerce_rest_invalid_id", "ID", 404), {}
                mine = {
                    k: v for k, v in self.variations.items() if v["parent_id"] == parent
                }
                if len(parts) == 3 and method == "GET":
                    return self._page(
                        sorted(mine.values(), key=lambda v: v["id"]), query
                    )
                if parts[3:] == ["batch"] and method == "POST":
                    return self._batch(mine, data, parent)
        return 404, _error("rest_no_route", "No route was found.", 404), {}

    def _page(self, items, query):
        per_page = int((query.get("per_page") or ["10"])[0])
        page = int((query.get("page") or ["1"])[0])
        pages = max(1, math.ceil(len(items) / per_page)) if items else 0
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {"X-WP-Total": len(items), "X-WP-TotalPages": pages}
        return 200, copy.deepcopy(chunk), headers

    def _orders(self, query):
        after = (query.get("modified_after") or [""])[0]
        orders = list(self.orders.values())
        if after:
            orders = [o for o in orders if o["date_modified_gmt"] > after[:19]]
        orders.sort(key=lambda o: (o["date_modified_gmt"], o["id"]))
        return self._page(orders, query)

    def _batch(self, table, data, parent):
        updates = data.get("update") or []
        if len(updates) + len(data.get("create") or []) > BATCH_LIMIT:
            return (
                413,
                _error(
                    "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than 100 items for this request.",
                    413,
                ),
                {},
            )
        self.batches.append({"parent": parent, "update": copy.deepcopy(updates)})
        answer = []
        for update in updates:
            item = table.get(int(update.get("id") or 0))
            if item is None:
                answer.append(
                    {
                        "id": update.get("id"),
                        "error": {
                            "code": "woocommerce_rest_invalid_id",
                            "message": "Invalid ID.",
                            "data": {"status": 400},
                        },
                    }
                )
                continue
            for key in ("stock_quantity", "manage_stock", "regular_price"):
                if key in update:
                    item[key] = update[key]
            answer.append(copy.deepcopy(item))
        return 200, {"update": answer}, {}

    def _refund(self, order, data):
        try:
            amount = Decimal(str(data.get("amount") or "0"))
        except ArithmeticError:
            return 400, _error("woocommerce_rest_invalid_amount", "amount", 400), {}
        refunded = sum((abs(Decimal(r["total"])) for r in order["refunds"]), Decimal(0))
        if amount <= 0 or amount + refunded > Decimal(order["total"]):
            return (
                400,
                _error(
                    "woocommerce_rest_cannot_create_order_refund",
                    "Invalid refund amount.",
                    400,
                ),
                {},
            )
        refund = {
            "id": self._new_id(),
            "reason": data.get("reason") or "",
            "total": "-%.2f" % amount,
        }
        order["refunds"].append(refund)
        self.refunds.append(
            dict(
                refund,
                order_id=order["id"],
                line_items=data.get("line_items") or [],
                api_refund=data.get("api_refund", True),
            )
        )
        order["status"] = (
            "refunded"
            if amount + refunded == Decimal(order["total"])
            else order["status"]
        )
        order["date_modified_gmt"] = _gmt(_now())
        return (
            201,
            {
                "id": refund["id"],
                "amount": "%.2f" % amount,
                "reason": refund["reason"],
                "line_items": data.get("line_items") or [],
            },
            {},
        )
