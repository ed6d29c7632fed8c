# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestIntake(OmsCommon):
    def test_same_order_twice_gives_one_order(self):
        first = self._intake(self._order_data())
        second = self._intake(self._order_data())
        self.assertEqual(first, second)
        self.assertEqual(first.state, "done")
        self.assertEqual(first.attempt_count, 2)
        orders = self.env["sale.order"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(len(orders), 1)
        self.assertEqual(orders.channel_order_ref, "EXT-1")
        self.assertEqual(orders.amount_total, 50.0)
        self.assertEqual(orders.channel_payment_status, "paid")
        self.assertEqual(orders.oms_state, "new")

    def test_resubmission_updates_a_draft_order(self):
        intake = self._intake(self._order_data())
        data = self._order_data(
            lines=[{"sku": "OMS-T-WIDGET", "quantity": 5, "unit_price": 10.0}]
        )
        self._intake(data)
        order = intake.sale_order_id
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_resubmission_after_confirmation_flags_changed_lines(self):
        intake = self._intake(self._order_data())
        order = intake.sale_order_id
        order.action_confirm()
        self._intake(self._order_data(payment_status="refunded"))
        self.assertEqual(order.channel_payment_status, "refunded")
        self.assertEqual(intake.state, "done")
        self._intake(
            self._order_data(
                lines=[{"sku": "OMS-T-WIDGET", "quantity": 9, "unit_price": 10.0}]
            )
        )
        self.assertEqual(intake.state, "exception")
        self.assertIn("after it was confirmed", order.oms_exception)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [2.0, 1.0])

    def test_auto_confirm(self):
        self.channel.auto_confirm = True
        order = self._intake(self._order_data()).sale_order_id
        self.assertEqual(order.state, "sale")

    def test_auto_confirm_refused_for_stock_keeps_the_order_in_exception(self):
        self.channel.write({"auto_confirm": True, "stock_block_oversell": True})
        self._set_stock(self.product_b, 1)
        intake = self._intake(self._order_data())  # 2 widgets, none in stock
        order = intake.sale_order_id
        self.assertEqual(intake.state, "exception")
        self.assertIn("Not enough available to sell", intake.exception_reason)
        self.assertEqual((order.state, order.oms_state), ("draft", "exception"))
        self.assertIn("OMS Widget", order.oms_exception)
        # The stock arrives and the channel sends the order again.
        self._set_stock(self.product, 2)
        self._intake(self._order_data())
        self.assertEqual((intake.state, order.state), ("done", "sale"))
        self.assertFalse(order.oms_exception)

    def test_unknown_sku_keeps_order_in_exception_until_fixed(self):
        self.channel.auto_confirm = True
        data = self._order_data(
            lines=[
                {"sku": "OMS-T-WIDGET", "quantity": 1, "unit_price": 10.0},
                {"sku": "NEW-SKU", "quantity": 3, "unit_price": 4.0, "name": "Socks"},
            ]
        )
        intake = self._intake(data, raw=json.dumps({"from": "channel", "id": 1}))
        order = intake.sale_order_id
        self.assertEqual(intake.state, "exception")
        self.assertIn("Unknown SKU NEW-SKU", intake.exception_reason)
        self.assertEqual(order.oms_state, "exception")
        self.assertEqual(order.state, "draft", "an exception is never auto-confirmed")
        note = order.order_line.filtered(lambda line: line.display_type)
        self.assertIn("NEW-SKU", note.name)
        self.assertEqual(json.loads(intake.payload), {"from": "channel", "id": 1})
        # Staff create the product, then retry from the Exceptions menu.
        self.env["product.product"].create(
            {"name": "Socks", "default_code": "NEW-SKU", "taxes_id": [(5, 0, 0)]}
        )
        intake.action_retry()
        self.assertEqual(intake.state, "done")
        self.assertFalse(order.oms_exception)
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(order.amount_total, 22.0)

    def test_unknown_currency_keeps_the_payload(self):
        intake = self._intake(self._order_data(currency="XTS"), raw=b'{"raw": 1}')
        self.assertEqual(intake.state, "exception")
        self.assertIn("Unknown currency XTS", intake.exception_reason)
        self.assertFalse(intake.sale_order_id)
        self.assertEqual(intake.payload, '{"raw": 1}')
        # Fix the normalized order by hand and retry.
        fixed = json.loads(intake.normalized)
        fixed["currency"] = self.company.currency_id.name
        intake.normalized = json.dumps(fixed)
        intake.action_retry()
        self.assertEqual(intake.state, "done")
        self.assertTrue(intake.sale_order_id)

    def test_missing_address_is_an_exception(self):
        data = self._order_data(
            customer={"name": "No Address", "email": "noaddr@example.com"}
        )
        intake = self._intake(data)
        self.assertEqual(intake.state, "exception")
        self.assertIn("shipping address", intake.exception_reason)
        self.assertEqual(intake.sale_order_id.oms_state, "exception")

    def test_totals_mismatch_is_an_exception(self):
        intake = self._intake(self._order_data(total="50.00"))
        self.assertEqual(intake.state, "done")
        intake = self._intake(self._order_data("EXT-2", total="55.00"))
        self.assertEqual(intake.state, "exception")
        self.assertIn("differs from Odoo's total", intake.exception_reason)

    def test_taxes_discounts_and_shipping(self):
        tax = self.env["account.tax"].create(
            {"name": "OMS VAT 20", "amount": 20.0, "type_tax_use": "sale"}
        )
        data = self._order_data(
            lines=[
                {
                    "sku": "OMS-T-WIDGET",
                    "quantity": 3,
                    "unit_price": 10.0,
                    "discount_amount": 3.0,
                    "tax_rates": [20],
                }
            ],
            shipping_amount=5.0,
            shipping_tax_rates=[20],
            shipping_method="Express",
            total="38.40",
        )
        intake = self._intake(data)
        order = intake.sale_order_id
        self.assertEqual(intake.state, "done", intake.exception_reason)
        product_line = order.order_line.filtered(
            lambda line: line.product_id == self.product
        )
        self.assertEqual(product_line.discount, 10.0)
        self.assertEqual(product_line.tax_id.amount, tax.amount)
        shipping = order.order_line - product_line
        self.assertEqual(shipping.product_id, self.channel.shipping_product_id)
        self.assertEqual(shipping.name, "Express")
        self.assertAlmostEqual(order.amount_total, 38.40)

    def test_unknown_tax_rate_is_an_exception(self):
        data = self._order_data(
            lines=[
                {
                    "sku": "OMS-T-WIDGET",
                    "quantity": 1,
                    "unit_price": 10.0,
                    "tax_rates": [13.37],
                }
            ]
        )
        intake = self._intake(data)
        self.assertEqual(intake.state, "exception")
        self.assertIn("13.37", intake.exception_reason)

    def test_customer_matched_by_email(self):
        data = self._order_data(
            customer={
                "name": "Ada C.",
                "email": "ADA@example.com",
                "street": "9 Elm Road",
                "city": "Springfield",
                "country_code": "US",
            }
        )
        order = self._intake(data).sale_order_id
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id.parent_id, self.customer)
        self.assertEqual(order.partner_shipping_id.type, "delivery")
        # Odoo gave the first contact's address to the customer; the same
        # address again creates no new contact.
        again = self._intake(dict(data, external_id="EXT-9")).sale_order_id
        self.assertEqual(again.partner_shipping_id.street, "9 Elm Road")
        self.assertEqual(len(self.customer.child_ids), 1)

    def test_generic_customer_policy(self):
        generic = self.env["res.partner"].create({"name": "Marketplace buyer"})
        self.channel.write(
            {"customer_policy": "generic", "generic_partner_id": generic.id}
        )
        order = self._intake(self._order_data()).sale_order_id
        self.assertEqual(order.partner_id, generic)
        self.assertEqual(order.partner_shipping_id.parent_id, generic)
        self.assertEqual(order.partner_shipping_id.city, "Springfield")

    def test_malformed_payloads_are_kept_not_dropped(self):
        intake = self._intake({"lines": "not a list"}, raw="<<garbage>>")
        self.assertEqual(intake.state, "exception")
        self.assertTrue(intake.external_id.startswith("sha256:"))
        self.assertEqual(intake.payload, "<<garbage>>")
        self.assertEqual(
            self._intake({"lines": "not a list"}, raw="<<garbage>>"), intake
        )
        broken = self._intake(self._order_data(lines="x"))
        self.assertIn("must be a list", broken.exception_reason)

    def test_intake_by_code_and_rights(self):
        intake_id = (
            self.env["oms.order.intake"]
            .with_user(self.oms_user)
            .intake_order_by_code("TWEB", self._order_data())
        )
        intake = self.env["oms.order.intake"].browse(intake_id)
        self.assertEqual(intake.state, "done", intake.exception_reason)
        portal = new_test_user(self.env, login="oms_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["oms.order.intake"].with_user(portal).intake_order(
                self.channel.with_user(portal), self._order_data("EXT-P")
            )
