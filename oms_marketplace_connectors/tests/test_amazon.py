# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Amazon SP-API connector against Prism mocks of the official models (every
request validated, ``--errors``) behind the Amazon sandbox (LWA token URL,
restricted data tokens, Feeds API, expired tokens and faults)."""

import json
import logging
import unittest
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import trap_jobs

_logger = logging.getLogger(__name__)

FIXTURES = Path("/work/shared/fixtures/amazon")
for _parent in Path(__file__).resolve().parents:
    if (_parent / "shared" / "fixtures" / "amazon").is_dir():
        FIXTURES = _parent / "shared" / "fixtures" / "amazon"
        break

ORDER_2026 = "123-4567890-1234567"
ORDER_V0 = "902-3159896-1390916"
SKUS = ("ECHO-DOT-4-CHARCOAL", "FIRE-TV-4K-2021", "CBA_OTF_1", "CBA_OTF_5")
MARKETPLACE = "ATVPDKIKX0DER"


class AmazonCase(TransactionCase):
    """Prism per model and the sandbox, once per class; an account per test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from oms_sandbox.amazon import SPECS, AmazonSandbox  # noqa: PLC0415
        from oms_sandbox.prism import PrismMock, ensure_prism  # noqa: PLC0415

        prism, reason = ensure_prism()
        if not prism:
            _logger.warning("SKIPPING the Amazon connector tests: %s", reason)
            raise unittest.SkipTest("Prism is needed for the Amazon tests: %s" % reason)
        cls.mocks = []
        upstreams = {}
        for prefix, spec in SPECS.items():
            mock = PrismMock(FIXTURES / spec, prism)
            cls.addClassCleanup(mock.stop)
            upstreams[prefix] = mock.start().url
            cls.mocks.append(mock)
        cls.amazon = AmazonSandbox(upstreams=upstreams).start()
        cls.addClassCleanup(cls.amazon.stop)
        # The limiter and the stock push use transactions of their own:
        # savepoints of the test's transaction here.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        for code in ("USD", "JPY"):
            currency = cls.env.ref("base.%s" % code)
            currency.active = True
            cls.env["product.pricelist"].create(
                {"name": "Amazon %s" % code, "currency_id": currency.id}
            )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Amazon Test Warehouse", "code": "AMZW"}
        )
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": "Product %s" % sku,
                    "default_code": sku,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0,
                    "taxes_id": [(5, 0, 0)],
                }
                for sku in SKUS
            ]
        )
        shipping = cls.env["product.product"].create(
            {"name": "Amazon shipping", "type": "service", "taxes_id": [(5, 0, 0)]}
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Amazon Test",
                "code": "AMZTEST",
                "shipping_product_id": shipping.id,
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
                "stock_export_type": "amazon",
            }
        )

    def setUp(self):
        super().setUp()
        self.amazon.faults.clear()
        self.amazon.token_lifetime = 3600
        self.account = self.env["oms.connector.account"].create(
            {
                "name": "Amazon test account",
                "code": "amazon_test",
                "connector_type": "amazon",
                "channel_id": self.channel.id,
                "api_url": self.amazon.url,
                "amazon_token_url": self.amazon.url + "/auth/o2/token",
                "amazon_lwa_client_id": self.amazon.client_id,
                "amazon_lwa_client_secret": self.amazon.client_secret,
                "amazon_refresh_token": self.amazon.refresh_token,
                "amazon_marketplace_ids": MARKETPLACE,
                "amazon_seller_id": "A1SELLERTEST",
                "allow_private": True,
                "timeout": 10.0,
            }
        )
        self.start = len(self.amazon.calls)

    def _calls(self, fragment=""):
        return [c for c in self.amazon.calls[self.start :] if fragment in c[1]]

    def _orders(self):
        return self.env["sale.order"].search([("channel_id", "=", self.channel.id)])

    def _intakes(self):
        return self.env["oms.order.intake"].search(
            [("channel_id", "=", self.channel.id)]
        )

    def _bind(self):
        self.env["oms.connector.product.binding"].create(
            [
                {
                    "account_id": self.account.id,
                    "product_id": product.id,
                    "external_id": product.default_code,
                    "sku": product.default_code,
                }
                for product in self.products
            ]
        )


@tagged("post_install", "-at_install")
class TestAmazonOrders(AmazonCase):
    def test_import_2026_through_a_restricted_token_twice_one_order(self):
        self.account._oms_import_page()
        intakes = self._intakes()
        self.assertEqual(intakes.mapped("external_id"), [ORDER_2026])
        binding = self.env["oms.connector.order.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(binding.amazon_marketplace_id, MARKETPLACE)
        order = self._orders()
        self.assertEqual(
            sorted(order.order_line.mapped("product_id.default_code")),
            ["ECHO-DOT-4-CHARCOAL", "FIRE-TV-4K-2021"],
        )
        self.assertEqual(order.partner_shipping_id.city, "Seattle")
        search = self._calls("/orders/2026-01-01/orders")
        self.assertEqual([(c[3], c[4]) for c in search], [("rdt", 200)])
        self.assertIn("lastUpdatedAfter=", search[0][2])
        # The example answers a next token: the next page is asked with it,
        # answers the same token, and the run ends.
        self.assertTrue(json.loads(self.account.poll_state)["cursor"])
        self.account._oms_import_page()
        self.assertFalse(json.loads(self.account.poll_state).get("since"))
        self.assertIn("paginationToken=", self._calls("/orders/2026")[-1][2])
        # A new run brings the same order again: still one.
        self.account._oms_import_page()
        self.assertEqual(len(self._intakes()), 1)
        self.assertEqual(len(self._orders()), 1)
        self.assertTrue(all(c[4] == 200 for c in self._calls()))

    def test_import_v0_with_items_and_address_through_rdt(self):
        self.account.amazon_orders_api = "v0"
        self.account._oms_import_page()
        intake = self._intakes()
        self.assertEqual(intake.mapped("external_id"), [ORDER_V0])
        self.assertTrue(intake.sale_order_id, intake.exception_reason)
        order = self._orders()
        self.assertEqual(
            sorted(
                order.order_line.filtered("product_id.default_code").mapped(
                    "product_id.default_code"
                )
            ),
            ["CBA_OTF_1", "CBA_OTF_5"],
        )
        self.assertEqual(order.partner_shipping_id.zip, "48817")
        orders_calls = [
            c for c in self._calls("/orders/v0/orders") if "orderItems" not in c[1]
        ]
        self.assertEqual([(c[3], c[4]) for c in orders_calls], [("rdt", 200)])
        self.assertIn("MarketplaceIds=", orders_calls[0][2])
        rdt = self._calls("restrictedDataToken")
        self.assertEqual(len(rdt), 1)
        items = self._calls("/orderItems")
        self.assertTrue(items and all(c[3] == "access" for c in items))
        self.account._oms_import_page()
        self.assertEqual(len(self._orders()), 1)

    def test_get_order_of_a_notification(self):
        self.account._oms_backend().take_order("202-1234567-8901234")
        self.assertEqual(self._intakes().mapped("external_id"), ["202-1234567-8901234"])
        self.assertEqual(self._calls("/orders/2026-01-01/orders/")[0][4], 200)

    def test_one_job_per_page_on_the_account_channel(self):
        with trap_jobs() as trap:
            self.account.action_import_now()
            trap.assert_jobs_count(1, only=self.account._oms_import_page)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.oms.amazon_test")

    # Failures -----------------------------------------------------------------

    def test_expired_token_is_refreshed_once_then_an_account_error(self):
        self.account._oms_import_page()
        before = self.amazon.token_calls
        self.amazon.expire_tokens()
        self.account._oms_import_page()
        self.assertEqual(self.amazon.token_calls, before + 1)
        self.assertEqual(self._calls()[-1][4], 200)
        # Tokens that are refused whatever we do: one refresh, then an error.
        self.amazon.token_lifetime = -1
        self.amazon.expire_tokens()
        cursor = json.loads(self.account.poll_state).get("cursor")
        # Not assertRaises: its savepoint would undo the account's health.
        error = None
        try:
            self.account._oms_import_page()
        except UserError as exc:
            error = exc
        self.assertEqual(str(error), "the access token was refused")
        self.assertEqual(self.account.health, "error")
        self.assertEqual(self.account.last_error, "the access token was refused")
        self.assertEqual(json.loads(self.account.poll_state).get("cursor"), cursor)

    def test_wrong_credentials_fail_test_connection_clearly(self):
        answer = self.account.action_test_connection()
        self.assertEqual(answer["params"]["type"], "success", answer)
        self.account.amazon_lwa_client_secret = "wrong"
        answer = self.account.action_test_connection()
        self.assertEqual(answer["params"]["type"], "danger")
        self.assertEqual(self.account.last_error, "the access token was refused")
        self.assertNotIn("wrong", self.account.last_error_detail)

    def test_throttling_5xx_and_malformed_answers_lose_nothing(self):
        self.amazon.inject("status", status=429, retry_after=1)
        with self.assertRaisesRegex(RetryableJobError, "rate limit"):
            self.account._oms_import_page()
        self.amazon.inject("status", status=503)
        with self.assertRaises(RetryableJobError):
            self.account._oms_import_page()
        self.amazon.inject("malformed")
        with self.assertRaises(RetryableJobError):
            self.account._oms_import_page()
        self.assertFalse(self._intakes())
        self.assertFalse(json.loads(self.account.poll_state or "{}").get("cursor"))
        self.account._oms_import_page()
        self.assertEqual(len(self._intakes()), 1)

    def test_documented_rate_holds_calls_back(self):
        limiter = self.account._oms_amazon_limiter("searchOrders")
        for _n in range(20):  # the burst of searchOrders
            self.assertEqual(limiter.acquire(1, "orders"), 0)
        with self.assertRaisesRegex(RetryableJobError, "rate limit"):
            self.account._oms_import_page()
        self.assertFalse(self._calls("/orders/2026-01-01/orders"))
        self.assertIn("searchOrders 0/20", self.account.rate_limit_state)

    def test_malformed_order_is_kept_and_the_others_taken(self):
        answer = json.loads((FIXTURES / "orders_2026-01-01.json").read_text())
        good = answer["paths"]["/orders/2026-01-01/orders"]["get"]["responses"]["200"][
            "examples"
        ]["application/json"]["orders"][0]
        bad = {"orderId": "999-BAD", "orderItems": "not a list"}
        self._import_with_search_payload({"orders": [bad, good]})
        self.assertEqual(self._intakes().mapped("external_id"), [ORDER_2026])
        event = self.env["oms.connector.event"].search(
            [("account_id", "=", self.account.id), ("state", "=", "failed")]
        )
        self.assertEqual(len(event), 1)
        self.assertIn("999-BAD", event.body)
        self.assertIn("must be a list", event.error)

    def _import_with_search_payload(self, payload):
        """Run one import page whose searchOrders answer is ``payload``."""
        sandbox = self.amazon
        original = sandbox._forward

        def forward(method, path, query, headers, body):
            if path == "/orders/2026-01-01/orders":
                return (200, payload, {}, None)
            return original(method, path, query, headers, body)

        sandbox._forward = forward
        try:
            self.account._oms_import_page()
        finally:
            sandbox._forward = original

    # Access rights ------------------------------------------------------------

    def test_salesman_cannot_read_the_lwa_secret(self):
        salesman = new_test_user(
            self.env,
            login="amazon_salesman",
            groups="sales_team.group_sale_salesman,"
            "oms_multichannel.group_oms_multichannel_user",
        )
        account = self.account.with_user(salesman)
        self.assertEqual(account.read(["name"])[0]["name"], "Amazon test account")
        for field in (
            "amazon_lwa_client_secret",
            "amazon_refresh_token",
            "amazon_lwa_client_id",
        ):
            with self.assertRaises(AccessError):
                account.read([field])
        with self.assertRaises(AccessError):
            account.write({"amazon_marketplace_ids": "X"})
        with self.assertRaises(AccessError):
            account.action_test_connection()


@tagged("post_install", "-at_install")
class TestAmazonOutbound(AmazonCase):
    def setUp(self):
        super().setUp()
        self._bind()

    def _stock(self, product, qty):
        self.env["stock.quant"]._update_available_quantity(
            product, self.warehouse.lot_stock_id, qty
        )

    def test_few_skus_are_patched_one_by_one(self):
        self._stock(self.products[0], 4)
        summary = self.channel._oms_sync_stock(mode="force")
        self.assertTrue(summary["pushed"], summary)
        patches = [
            c for c in self._calls("/listings/2021-08-01/items/") if c[0] == "PATCH"
        ]
        self.assertEqual(len(patches), len(self.products))
        self.assertTrue(all(c[4] == 200 for c in patches), patches)
        self.assertTrue(all("marketplaceIds=ATVPDKIKX0DER" in c[2] for c in patches))
        self.assertFalse(self._calls("/feeds/"))

    def test_many_skus_go_in_one_listings_feed(self):
        self.account.amazon_patch_limit = 2
        self._stock(self.products[1], 7)
        documents = len(self.amazon.feed_documents())
        summary = self.channel._oms_sync_stock(mode="force")
        self.assertTrue(summary["pushed"], summary)
        self.assertFalse([c for c in self._calls("/listings/") if c[0] == "PATCH"])
        self.assertEqual(len(self._calls("/feeds/2021-06-30/feeds")), 1)
        feed = self.amazon.feed_documents()[documents:][0]
        quantities = {
            m["sku"]: m["patches"][0]["value"][0]["quantity"] for m in feed["messages"]
        }
        self.assertEqual(quantities["FIRE-TV-4K-2021"], 7)
        self.assertEqual(quantities["CBA_OTF_1"], 0)
        self.assertEqual(feed["header"]["sellerId"], "A1SELLERTEST")
        try:
            import jsonschema  # noqa: PLC0415
        except ImportError:
            _logger.warning("jsonschema missing: the feed is not schema-validated")
            return
        schema = json.loads((FIXTURES / "listings-feed-schema-v2.json").read_text())
        jsonschema.validate(feed, schema)

    def test_done_delivery_confirms_the_shipment_with_tracking(self):
        self.channel.auto_confirm = True
        for product in self.products:
            self._stock(product, 10)
        self.account._oms_import_page()
        sale = self._orders()
        self.assertEqual(sale.state, "sale")
        picking = sale.picking_ids
        picking.oms_tracking_number = "1Z999AA10123456784"
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        with trap_jobs() as trap:
            picking.button_validate()
            trap.assert_jobs_count(1, only=picking._oms_push_fulfillment)
            for job in trap.enqueued_jobs:
                if job.method_name == "_oms_push_fulfillment":
                    job.perform()
        self.assertTrue(picking.oms_fulfillment_ref.startswith("shipment:"))
        confirmations = self._calls("/shipmentConfirmation")
        # 204: Prism found the body valid against ConfirmShipmentRequest.
        self.assertEqual([(c[0], c[4]) for c in confirmations], [("POST", 204)])
        self.assertIn(ORDER_2026, confirmations[0][1])
        picking._oms_push_fulfillment()
        self.assertEqual(len(self._calls("/shipmentConfirmation")), 1)
