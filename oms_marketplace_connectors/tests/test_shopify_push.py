# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import math

from odoo.tests import TransactionCase, tagged

from .common import ShopifySandboxMixin, trap_jobs


@tagged("post_install", "-at_install")
class TestShopifyPush(ShopifySandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The stock push runs its steps in transactions of their own (new
        # cursors): in these tests they are savepoints of the test's one.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls._setup_shopify_data()

    def setUp(self):
        super().setUp()
        self._setup_shopify()
        self._bind_products()

    def _stock(self, product, qty, warehouse=None):
        self.env["stock.quant"]._update_available_quantity(
            product, (warehouse or self.shop_warehouse).lot_stock_id, qty
        )

    def _item(self, sku):
        variant = self.sandbox.variant_by_sku(sku)
        return "gid://shopify/InventoryItem/%s" % variant["inventory_item_id"]

    def test_stock_goes_out_with_inventory_set_quantities_only_when_changed(self):
        for qty, product in enumerate(self.shop_products, start=3):
            self._stock(product, qty)
        summary = self.shop_channel._oms_sync_stock(mode="changed")
        self.assertEqual(summary["calls"], 1)
        location = "gid://shopify/Location/1"
        self.assertEqual(
            {
                sku: self.sandbox.inventory[(self._item(sku), location)]
                for sku in self.SKUS
            },
            {"SHOP-A": 3, "SHOP-B": 4, "SHOP-C": 5},
        )
        calls = len(self.sandbox.calls)
        self.assertEqual(self.shop_channel._oms_sync_stock(mode="changed")["calls"], 0)
        self.assertEqual(len(self.sandbox.calls), calls)

    def test_quantities_per_call_never_exceed_250(self):
        products = self.env["product.product"].create(
            [
                {
                    "name": "Bulk %s" % n,
                    "default_code": "BULK-%03d" % n,
                    "type": "consu",
                    "is_storable": True,
                }
                for n in range(300)
            ]
        )
        for product in products:
            self.sandbox.add_variant(product.default_code)
        self._bind_products()
        self.shop_channel._oms_sync_stock(mode="force")
        calls = [c for c in self.sandbox.calls if c == "OmsSetQuantities"]
        self.assertEqual(len(calls), math.ceil((300 + 3) / 250))

    def test_quantity_spread_over_two_bound_locations(self):
        other = self.env["stock.warehouse"].create({"name": "Second", "code": "SHT2"})
        self.shop_channel.warehouse_ids |= other
        second = self.sandbox.add_location("Second shop")
        self.env["oms.connector.location.binding"].create(
            {
                "account_id": self.account.id,
                "external_id": second.rsplit("/", 1)[-1],
                "name": "Second shop",
                "warehouse_id": other.id,
                "sequence": 20,
            }
        )
        product = self.shop_products[0]
        self._stock(product, 2)
        self._stock(product, 5, other)
        self.shop_channel._oms_sync_stock(mode="force")
        item = self._item("SHOP-A")
        self.assertEqual(self.sandbox.inventory[(item, "gid://shopify/Location/1")], 2)
        self.assertEqual(self.sandbox.inventory[(item, second)], 5)

    def test_done_delivery_creates_the_fulfillment_with_tracking(self):
        self.shop_channel.auto_confirm = True
        for product in self.shop_products:
            self._stock(product, 10)
        order = self.sandbox.create_order([("SHOP-A", 2), ("SHOP-B", 1)])
        body, headers = self.sandbox.webhook_request("orders/create", order["id"])
        from oms_domain.webhooks import Delivery  # noqa: PLC0415

        event = self.env["oms.connector.event"]._oms_store(
            self.account,
            Delivery(body, "", headers["X-Shopify-Webhook-Id"], "orders/create"),
            {},
        )
        event._oms_process()
        sale = self._orders_of_channel()
        self.assertEqual(sale.state, "sale")
        picking = sale.picking_ids
        picking.oms_tracking_number = "1Z999AA10123456784"
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        with trap_jobs() as trap:
            picking.button_validate()
            trap.assert_jobs_count(1, only=picking._oms_push_fulfillment)
            trap.perform_enqueued_jobs()
        self.assertTrue(picking.oms_fulfillment_ref)
        fulfillment = self.sandbox.fulfillments[0]
        self.assertEqual(fulfillment["tracking"]["number"], "1Z999AA10123456784")
        self.assertEqual(sorted(qty for _o, _l, qty in fulfillment["lines"]), [1, 2])
        # Run again (a retried job): nothing sent twice.
        picking._oms_push_fulfillment()
        self.assertEqual(len(self.sandbox.fulfillments), 1)

    def test_refund_of_a_settled_return_is_created_on_shopify_once(self):
        order = self.sandbox.create_order([("SHOP-A", 2)])
        body, headers = self.sandbox.webhook_request("orders/create", order["id"])
        from oms_domain.webhooks import Delivery  # noqa: PLC0415

        self.env["oms.connector.event"]._oms_store(
            self.account,
            Delivery(body, "", headers["X-Shopify-Webhook-Id"], "orders/create"),
            {},
        )._oms_process()
        sale = self._orders_of_channel()
        values = {
            "reference": "RMA/0001",
            "channel_id": self.shop_channel.id,
            "currency": sale.currency_id.name,
            "lines": [
                {
                    "order_id": sale.id,
                    "sku": "SHOP-A",
                    "quantity": 1.0,
                    "amount": 10.0,
                }
            ],
        }
        with trap_jobs() as trap:
            self.assertTrue(self.shop_channel._oms_channel_refund(values))
            self.assertTrue(self.shop_channel._oms_channel_refund(values))
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        refund = self.env["oms.connector.refund"].search(
            [("account_id", "=", self.account.id), ("origin", "=", "odoo")]
        )
        self.assertEqual(refund.state, "done")
        sent = self.sandbox.refunds[-1]
        self.assertEqual(sent["transactions"][0]["amount"], "10.00")
        self.assertEqual(
            sent["refund_line_items"][0]["lineItemId"],
            "gid://shopify/LineItem/%s" % order["line_items"][0]["id"],
        )
        self.assertEqual(json.loads(refund.lines_json)[0][1], 1)
