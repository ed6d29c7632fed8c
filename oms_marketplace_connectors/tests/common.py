# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.tests import TransactionCase
from odoo.tests import common as odoo_test_common

# queue_job 18.0.4.1.x's test helpers import SETATTR_SOURCES, which only later
# Odoo 18.0 builds define (a registry of allowed model patchers). Give older
# builds an empty one so that trap_jobs() can be imported; it changes nothing.
if not hasattr(odoo_test_common, "SETATTR_SOURCES"):
    odoo_test_common.SETATTR_SOURCES = {}

# pylint: disable=wrong-import-position
from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: E402,F401


class _ChannelEndpoint(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server = self.server
        server.received.append(
            {"path": self.path, "headers": dict(self.headers), "body": body}
        )
        server.arrived.set()
        status, headers, delay, *payload = (
            server.answers.pop(0) if server.answers else (200, {}, 0)
        )
        if delay:
            time.sleep(delay)
        # A slow channel: answer once the test opens the gate.
        server.gate.wait(timeout=20)
        if payload:
            payload = payload[0]
        else:
            payload = b'{"ok": true}' if status < 300 else b'{"error": "try later"}'
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        # Keep the Odoo test log free of access lines.
        return


class ChannelEndpointServer(ThreadingHTTPServer):
    """A custom webshop on 127.0.0.1: records requests, answers as scripted."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _ChannelEndpoint)
        self.received = []
        # (status, headers, seconds to wait before answering[, body]), first
        # used first
        self.answers = []
        # Set when a request arrived; answers wait until the gate is open.
        self.arrived = threading.Event()
        self.gate = threading.Event()
        self.gate.set()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%s/oms/stock" % self.server_address[1]

    def documents(self):
        return [json.loads(request["body"]) for request in self.received]

    def handle_error(self, request, client_address):
        # A client that timed out closed the socket: nothing to report.
        return

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.gate.set()
        self.shutdown()
        self.server_close()


class HttpStockCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The push runs its steps in transactions of their own (new cursors):
        # in these tests they are savepoints of the test's transaction.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "HTTP Stock Warehouse", "code": "HTTPW"}
        )
        cls.customer = cls.env["res.partner"].create({"name": "HTTP Customer"})
        cls.product = cls._create_product("HTTP-A")

    @classmethod
    def _create_product(cls, code):
        return cls.env["product.product"].create(
            {
                "name": "Product %s" % code,
                "default_code": code,
                "type": "consu",
                "is_storable": True,
            }
        )

    def setUp(self):
        super().setUp()
        self.server = ChannelEndpointServer().start()
        self.addCleanup(self.server.stop)
        self.channel = self._create_channel("HTTP-WEB")

    def _create_channel(self, code, **values):
        return self.env["oms.channel"].create(
            dict(
                {
                    "name": "Channel %s" % code,
                    "code": code,
                    "warehouse_ids": [(6, 0, self.warehouse.ids)],
                    "stock_export_type": "http",
                    "http_stock_url": self.server.url,
                    # The test endpoint listens on loopback.
                    "http_stock_allow_private": True,
                    "http_stock_secret": "s3cret-%s" % code,
                    "http_stock_timeout": 2.0,
                    "stock_sync_max_retries": 3,
                },
                **values,
            )
        )

    def add_stock(self, product, qty):
        self.env["stock.quant"]._update_available_quantity(
            product, self.warehouse.lot_stock_id, qty
        )

    def sell(self, channel, product, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "channel_id": channel.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        return order


class ShopifySandboxMixin:
    """A Shopify sandbox on loopback and an account of a channel feeding on it.

    Call ``_setup_shopify()`` from ``setUp`` (the sandbox is per test: its state
    starts empty and it is stopped at the end).
    """

    SKUS = ("SHOP-A", "SHOP-B", "SHOP-C")

    @classmethod
    def _setup_shopify_data(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.shop_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Shopify Test Warehouse", "code": "SHTW"}
        )
        cls.shop_products = cls.env["product.product"]
        for sku in cls.SKUS:
            cls.shop_products |= cls.env["product.product"].create(
                {
                    "name": "Product %s" % sku,
                    "default_code": sku,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0,
                    "taxes_id": [(5, 0, 0)],
                }
            )
        cls.shop_shipping = cls.env["product.product"].create(
            {"name": "Shopify shipping", "type": "service", "taxes_id": [(5, 0, 0)]}
        )
        cls.shop_channel = cls.env["oms.channel"].create(
            {
                "name": "Shopify Test",
                "shipping_product_id": cls.shop_shipping.id,
                "code": "SHOPTEST",
                "warehouse_ids": [(6, 0, cls.shop_warehouse.ids)],
                "stock_export_type": "shopify",
            }
        )

    def _setup_shopify(self, **account_values):
        from oms_sandbox import ShopifySandbox  # noqa: PLC0415

        self.sandbox = ShopifySandbox(
            currency=self.env.company.currency_id.name, restore_rate=100000.0
        ).start()
        self.addCleanup(self.sandbox.stop)
        for sku in self.SKUS:
            self.sandbox.add_variant(sku, price="10.00")
        self.account = self.env["oms.connector.account"].create(
            dict(
                {
                    "name": "Shopify test account",
                    "code": "shopify_test",
                    "channel_id": self.shop_channel.id,
                    "api_url": self.sandbox.url,
                    "access_token": "sandbox-token",
                    "webhook_secret": "sandbox-secret",
                    "allow_private": True,
                    "timeout": 2.0,
                },
                **account_values,
            )
        )
        self.env["oms.connector.location.binding"].create(
            {
                "account_id": self.account.id,
                "external_id": "1",
                "name": "Sandbox Warehouse",
                "warehouse_id": self.shop_warehouse.id,
            }
        )
        return self.account

    def _bind_products(self):
        return self.account._oms_backend().auto_bind()

    def _orders_of_channel(self):
        return self.env["sale.order"].search(
            [("channel_id", "=", self.shop_channel.id)]
        )


class WooSandboxMixin:
    """A WooCommerce sandbox on loopback and an account of a channel on it:
    SKUs WOO-A and WOO-B are simple products, WOO-V1/WOO-V2 variations of
    one variable product."""

    WOO_SKUS = ("WOO-A", "WOO-B", "WOO-V1", "WOO-V2")

    @classmethod
    def _setup_woo_data(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.woo_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Woo Test Warehouse", "code": "WOOW"}
        )
        cls.woo_products = cls.env["product.product"].create(
            [
                {
                    "name": "Product %s" % sku,
                    "default_code": sku,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0,
                    "taxes_id": [(5, 0, 0)],
                }
                for sku in cls.WOO_SKUS
            ]
        )
        cls.woo_shipping = cls.env["product.product"].create(
            {"name": "Woo shipping", "type": "service", "taxes_id": [(5, 0, 0)]}
        )
        cls.woo_channel = cls.env["oms.channel"].create(
            {
                "name": "WooCommerce Test",
                "shipping_product_id": cls.woo_shipping.id,
                "code": "WOOTEST",
                "warehouse_ids": [(6, 0, cls.woo_warehouse.ids)],
                "stock_export_type": "woocommerce",
            }
        )

    def _setup_woo(self, **account_values):
        from oms_sandbox import WooCommerceSandbox  # noqa: PLC0415

        self.woo = WooCommerceSandbox(
            currency=self.env.company.currency_id.name
        ).start()
        self.addCleanup(self.woo.stop)
        self.woo.add_product("WOO-A", price="10.00")
        self.woo.add_product("WOO-B", price="10.00")
        self.woo.add_variable("Shirt", ["WOO-V1", "WOO-V2"], price="10.00")
        self.account = self.env["oms.connector.account"].create(
            dict(
                {
                    "name": "WooCommerce test account",
                    "code": "woo_test",
                    "connector_type": "woocommerce",
                    "channel_id": self.woo_channel.id,
                    "api_url": self.woo.url,
                    "api_key": self.woo.key,
                    "access_token": self.woo.secret,
                    "webhook_secret": self.woo.webhook_secret,
                    "allow_private": True,
                    "timeout": 2.0,
                },
                **account_values,
            )
        )
        return self.account

    def _woo_orders(self):
        return self.env["sale.order"].search([("channel_id", "=", self.woo_channel.id)])

    def _woo_event(self, topic, order_id=None, body=None, delivery_id=None):
        from oms_domain.webhooks import Delivery, safe_headers  # noqa: PLC0415

        body, headers = self.woo.webhook_request(topic, order_id, body, delivery_id)
        delivery = Delivery(
            body,
            headers["X-WC-Webhook-Signature"],
            headers["X-WC-Webhook-Delivery-ID"],
            topic,
        )
        return self.env["oms.connector.event"]._oms_store(
            self.account, delivery, safe_headers(headers)
        )
