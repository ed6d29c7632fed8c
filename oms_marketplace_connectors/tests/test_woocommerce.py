# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import WooSandboxMixin, trap_jobs

FIXTURES = Path("/work/shared/fixtures/woocommerce")
for _parent in Path(__file__).resolve().parents:
    if (_parent / "shared" / "fixtures" / "woocommerce").is_dir():
        FIXTURES = _parent / "shared" / "fixtures" / "woocommerce"
        break


@tagged("post_install", "-at_install")
class TestWooCommerce(WooSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_woo_data()

    def setUp(self):
        super().setUp()
        self._setup_woo()
        self.bound = self.account._oms_backend().auto_bind()

    def _poll_all(self, max_pages=50):
        pages = 0
        while pages < max_pages:
            self.account._oms_import_page()
            pages += 1
            if not json.loads(self.account.poll_state).get("since"):
                return pages
        raise AssertionError("the import never ended")

    def _stock(self, product, qty):
        self.env["stock.quant"]._update_available_quantity(
            product, self.woo_warehouse.lot_stock_id, qty
        )

    # Bindings and connection ------------------------------------------------------

    def test_auto_bind_binds_simple_products_and_variations(self):
        self.assertEqual(self.bound, (4, [], []))
        bindings = self.env["oms.connector.product.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        parent, variation = self.woo.item_by_sku("WOO-V1")
        v1 = bindings.filtered(lambda b: b.sku == "WOO-V1")
        self.assertEqual(v1.external_id, str(variation["id"]))
        self.assertEqual(v1.external_product_id, str(parent["id"]))
        simple = bindings.filtered(lambda b: b.sku == "WOO-A")
        self.assertEqual(simple.external_id, simple.external_product_id)

    def test_test_connection_and_wrong_credentials(self):
        answer = self.account.action_test_connection()
        self.assertEqual(answer["params"]["type"], "success")
        self.assertEqual(self.account.health, "ok")
        self.account.access_token = "cs_wrong"
        answer = self.account.action_test_connection()
        self.assertEqual(answer["params"]["type"], "danger")
        self.assertEqual(self.account.health, "error")
        self.assertEqual(self.account.last_error, "the access token was refused")

    # Orders -----------------------------------------------------------------------

    def test_polling_follows_x_wp_totalpages_and_takes_each_order_once(self):
        ids = [
            self.woo.create_order([("WOO-A", 1), ("WOO-V2", 2)], customer=n)["id"]
            for n in range(205)
        ]
        pages = self._poll_all()
        self.assertEqual(pages, 3)  # 100 a page
        orders = self._woo_orders()
        self.assertEqual(len(orders), 205)
        self.assertEqual(
            sorted(orders.mapped("channel_order_ref")), sorted(map(str, ids))
        )
        order = orders.filtered(lambda o: o.channel_order_ref == str(ids[0]))
        self.assertEqual(order.amount_total, 35.0)  # 10 + 2 x 10 + 5 shipping
        self.assertEqual(
            order.order_line.filtered("product_id.default_code").mapped(
                "product_id.default_code"
            ),
            ["WOO-A", "WOO-V2"],
        )
        queries = [c for c in self.woo.calls if c == ("GET", "orders")]
        self.assertEqual(len(queries), 3)
        self.assertTrue(json.loads(self.account.poll_state)["watermark"])
        # Again: the overlap brings the same orders, nothing is taken twice.
        self._poll_all()
        self.assertEqual(len(self._woo_orders()), 205)

    def test_one_job_per_page_is_enqueued(self):
        for n in range(3):
            self.woo.create_order([("WOO-A", 1)], customer=n)
        with trap_jobs() as trap:
            self.account.action_import_now()
            trap.assert_jobs_count(1, only=self.account._oms_import_page)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.oms.woo_test")
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self._woo_orders()), 3)

    def test_api_down_mid_import_resumes_at_the_page(self):
        for n in range(150):
            self.woo.create_order([("WOO-B", 1)], customer=n)
        self.account._oms_import_page()
        self.assertEqual(json.loads(self.account.poll_state)["cursor"], "1")
        self.woo.inject("status", status=503)
        with self.assertRaises(RetryableJobError):
            self.account._oms_import_page()
        self.woo.inject("malformed")
        with self.assertRaises(RetryableJobError):
            self.account._oms_import_page()
        self.woo.inject("status", status=429, retry_after=1)
        with self.assertRaisesRegex(RetryableJobError, "rate limit"):
            self.account._oms_import_page()
        self.assertEqual(json.loads(self.account.poll_state)["cursor"], "1")
        self.account._oms_import_page()
        self.assertEqual(len(self._woo_orders()), 150)

    def test_official_sample_order_through_a_webhook(self):
        body = json.loads((FIXTURES / "order_v3.json").read_text())
        self.env["account.tax"].create(
            {"name": "State Tax 7.5", "amount": 7.5, "type_tax_use": "sale"}
        )
        # Sample's products: 93 (no SKU) and variation 23 of product 22 (Bar3).
        bindings = self.env["oms.connector.product.binding"]
        bindings.search(
            [
                ("account_id", "=", self.account.id),
                (
                    "product_id",
                    "in",
                    self.woo_products[0].ids + self.woo_products[3].ids,
                ),
            ]
        ).unlink()
        bindings.create(
            [
                {
                    "account_id": self.account.id,
                    "product_id": self.woo_products[0].id,
                    "external_id": "93",
                    "external_product_id": "93",
                },
                {
                    "account_id": self.account.id,
                    "product_id": self.woo_products[3].id,
                    "external_id": "23",
                    "external_product_id": "22",
                },
            ]
        )
        event = self._woo_event(
            "order.created", body=json.dumps(body).encode(), delivery_id="d-727"
        )
        self.assertEqual(event._oms_process(), "done", event.error)
        order = self._woo_orders()
        self.assertEqual(order.channel_order_ref, "727")
        self.assertEqual(order.intake_id.state, "done", order.oms_exception)
        self.assertAlmostEqual(order.amount_total, 29.35)
        # The same body again (WooCommerce retries with a new delivery id).
        again = self._woo_event(
            "order.updated", body=json.dumps(body).encode(), delivery_id="d-727b"
        )
        self.assertEqual(again._oms_process(), "ignored")
        self.assertEqual(len(self._woo_orders()), 1)

    def test_malformed_body_fails_with_a_clear_error(self):
        event = self._woo_event("order.created", body=b'{"id": 5, "line_items": 3}')
        self.assertEqual(event._oms_process(), "failed")
        self.assertIn("line_items must be a list", event.error)
        event = self._woo_event("order.created", body=b"{not json")
        self.assertEqual(event._oms_process(), "failed")
        self.assertIn("not valid JSON", event.error)
        self.assertFalse(self._woo_orders())

    def test_cancelled_on_woocommerce_is_cancelled_here(self):
        order = self.woo.create_order([("WOO-A", 1)])
        self._woo_event("order.created", order["id"])._oms_process()
        self.woo.touch(order["id"], status="cancelled")
        self._woo_event("order.updated", order["id"])._oms_process()
        self.assertEqual(self._woo_orders().state, "cancel")

    def test_order_deleted_on_woocommerce_is_cancelled_here(self):
        trashed = self.woo.create_order([("WOO-A", 1)], customer=1)
        gone = self.woo.create_order([("WOO-B", 1)], customer=2)
        for order in (trashed, gone):
            self._woo_event("order.created", order["id"])._oms_process()
        self.woo.touch(trashed["id"], status="trash")
        del self.woo.orders[gone["id"]]
        for order in (trashed, gone):
            body = json.dumps({"id": order["id"]}).encode()
            event = self._woo_event("order.deleted", body=body)
            self.assertEqual(event._oms_process(), "done", event.error)
        self.assertEqual(set(self._woo_orders().mapped("state")), {"cancel"})
        # An order never taken in: nothing to do.
        event = self._woo_event("order.deleted", body=b'{"id": 999999}')
        self.assertEqual(event._oms_process(), "ignored")

    # Outbound ---------------------------------------------------------------------

    def test_done_delivery_completes_the_order_with_a_tracking_note(self):
        self.woo_channel.auto_confirm = True
        for product in self.woo_products:
            self._stock(product, 10)
        order = self.woo.create_order([("WOO-A", 2), ("WOO-V1", 1)])
        self._woo_event("order.created", order["id"])._oms_process()
        sale = self._woo_orders()
        self.assertEqual(sale.state, "sale")
        picking = sale.picking_ids
        picking.oms_tracking_number = "1Z999AA10123456784"
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        with trap_jobs() as trap:
            picking.button_validate()
            trap.assert_jobs_count(1, only=picking._oms_push_fulfillment)
            # Only the shipment: the stock push of the delivery is tested apart.
            for job in trap.enqueued_jobs:
                if job.method_name == "_oms_push_fulfillment":
                    job.perform()
        self.assertTrue(picking.oms_fulfillment_ref.startswith("note:"))
        note = self.woo.notes[0]
        self.assertIn("1Z999AA10123456784", note["note"])
        self.assertTrue(note["customer_note"])
        self.assertEqual(self.woo.orders[order["id"]]["status"], "completed")
        picking._oms_push_fulfillment()
        self.assertEqual(len(self.woo.notes), 1)

    def test_refund_of_a_settled_return_is_created_once(self):
        order = self.woo.create_order([("WOO-A", 2)])
        self._woo_event("order.created", order["id"])._oms_process()
        sale = self._woo_orders()
        values = {
            "reference": "RMA/0001",
            "channel_id": self.woo_channel.id,
            "currency": sale.currency_id.name,
            "lines": [
                {"order_id": sale.id, "sku": "WOO-A", "quantity": 1.0, "amount": 10.0}
            ],
        }
        with trap_jobs() as trap:
            self.assertTrue(self.woo_channel._oms_channel_refund(values))
            self.assertTrue(self.woo_channel._oms_channel_refund(values))
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        refund = self.env["oms.connector.refund"].search(
            [("account_id", "=", self.account.id), ("origin", "=", "odoo")]
        )
        self.assertEqual(refund.state, "done")
        sent = self.woo.refunds[-1]
        self.assertEqual(sent["total"], "-10.00")
        self.assertFalse(sent["api_refund"])
        self.assertEqual(
            sent["line_items"], [{"id": order["line_items"][0]["id"], "quantity": 1}]
        )

    def test_refund_refused_by_the_shop_is_marked_failed(self):
        order = self.woo.create_order([("WOO-A", 1)])
        self._woo_event("order.created", order["id"])._oms_process()
        sale = self._woo_orders()
        values = {
            "reference": "RMA/0002",
            "currency": sale.currency_id.name,
            "lines": [
                {"order_id": sale.id, "sku": "WOO-A", "quantity": 1, "amount": 999.0}
            ],
        }
        with trap_jobs() as trap:
            self.woo_channel._oms_channel_refund(values)
            trap.perform_enqueued_jobs()
        refund = self.env["oms.connector.refund"].search(
            [("account_id", "=", self.account.id), ("origin", "=", "odoo")]
        )
        self.assertEqual(refund.state, "failed")
        self.assertEqual(refund.error, "the platform refused the data")


@tagged("post_install", "-at_install")
class TestWooCommerceStock(WooSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The stock push (and the rate limiter) run in transactions of their
        # own: in these tests, savepoints of the test's transaction.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls._setup_woo_data()

    def setUp(self):
        super().setUp()
        self._setup_woo()
        self.account._oms_backend().auto_bind()

    def _stock(self, product, qty):
        self.env["stock.quant"]._update_available_quantity(
            product, self.woo_warehouse.lot_stock_id, qty
        )

    def test_stock_goes_out_in_batches_of_100_with_variations(self):
        products = self.env["product.product"].create(
            [
                {
                    "name": "Bulk %s" % n,
                    "default_code": "WBULK-%03d" % n,
                    "type": "consu",
                    "is_storable": True,
                }
                for n in range(150)
            ]
        )
        for product in products:
            self.woo.add_product(product.default_code)
        self.account._oms_backend().auto_bind()
        self._stock(self.woo_products[0], 4)
        self._stock(self.woo_products[3], 6)
        summary = self.woo_channel._oms_sync_stock(mode="force")
        self.assertTrue(summary["pushed"])
        # 152 simple products: 2 calls of products/batch; 2 variations: 1 call
        self.assertEqual(len(self.woo.batches), 3)
        self.assertTrue(all(len(b["update"]) <= 100 for b in self.woo.batches))
        self.assertEqual(
            [b["parent"] is not None for b in self.woo.batches], [False, False, True]
        )
        self.assertEqual(self.woo.stock_of("WOO-A"), 4)
        self.assertEqual(self.woo.stock_of("WOO-V2"), 6)
        self.assertEqual(self.woo.stock_of("WOO-V1"), 0)
        # Unchanged: nothing sent.
        batches = len(self.woo.batches)
        summary = self.woo_channel._oms_sync_stock(mode="changed")
        self.assertEqual(summary["pushed"], 0, summary)
        self.assertEqual(len(self.woo.batches), batches)
