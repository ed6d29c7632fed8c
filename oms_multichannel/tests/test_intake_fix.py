# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestIntakeFix(OmsCommon):
    """Guided fixes of intake exceptions, as an Order Management user."""

    def _fix_form(self, intake, user=None):
        wizard = self.env["oms.intake.fix.wizard"].with_user(user or self.oms_user)
        return Form(wizard.with_context(oms_fix_intake_id=intake.id))

    def _unknown_sku_order(self, external_id="EXT-SKU"):
        return self._order_data(
            external_id=external_id,
            lines=[
                {"sku": "OMS-T-WIDGET", "quantity": 1, "unit_price": 10.0},
                {
                    "sku": "MKT-SOCK-9",
                    "quantity": 3,
                    "unit_price": 4.0,
                    "name": "Socks",
                },
            ],
        )

    def test_map_unknown_sku_then_next_order_resolves(self):
        intake = self._intake(self._unknown_sku_order())
        self.assertEqual(intake.state, "exception")
        form = self._fix_form(intake)
        self.assertEqual(len(form.line_ids), 1)
        with form.line_ids.edit(0) as line:
            self.assertEqual(
                (line.sku, line.name, line.quantity), ("MKT-SOCK-9", "Socks", 3)
            )
            line.product_id = self.product_b
        action = form.save().action_apply()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(intake.sale_order_id.name, action["params"]["message"])
        self.assertEqual(intake.state, "done")
        self.assertIn(self.product_b, intake.sale_order_id.order_line.product_id)
        mapping = self.env["oms.channel.sku.map"].search(
            [("channel_id", "=", self.channel.id)]
        )
        self.assertEqual(
            (mapping.sku, mapping.product_id), ("MKT-SOCK-9", self.product_b)
        )
        # The channel's next order with that SKU needs nobody.
        second = self._intake(self._unknown_sku_order("EXT-SKU-2"))
        self.assertEqual(second.state, "done")

    def test_inactive_currency_is_activated_from_the_fix(self):
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", "CNY")])
        )
        currency.active = False
        self.env["product.pricelist"].create(
            {"name": "CNY prices", "currency_id": currency.id}
        )
        intake = self._intake(self._order_data(external_id="EXT-CNY", currency="CNY"))
        self.assertIn("Currency CNY is not active", intake.exception_reason)
        form = self._fix_form(intake, user=self.env.user)
        self.assertTrue(form.need_currency)
        self.assertEqual(form.inactive_currency_id, currency)
        form.activate_currency = True
        action = form.save().action_apply()
        self.assertEqual(action["params"]["type"], "success", action["params"])
        self.assertTrue(currency.active)
        self.assertEqual(intake.state, "done")

    def test_pick_another_currency_and_customer(self):
        self.channel.write({"customer_policy": "generic", "generic_partner_id": False})
        intake = self._intake(self._order_data(external_id="EXT-X", currency="XTS"))
        self.assertEqual(intake.state, "exception")
        form = self._fix_form(intake)
        self.assertTrue(form.need_currency)
        self.assertTrue(form.need_customer)
        form.currency_id = self.company.currency_id
        form.partner_id = self.customer
        action = form.save().action_apply()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(intake.fix_currency_id, self.company.currency_id)
        self.assertEqual(intake.sale_order_id.partner_id, self.customer)

    def test_retry_says_what_happened(self):
        intake = self._intake(self._unknown_sku_order("EXT-R"))
        action = intake.with_user(self.oms_user).action_retry()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("Unknown SKU MKT-SOCK-9", action["params"]["message"])

    def test_fix_refused_to_salesmen(self):
        intake = self._intake(self._unknown_sku_order("EXT-S"))
        salesman = new_test_user(
            self.env, login="oms_fix_salesman", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            intake.sale_order_id.with_user(salesman).action_oms_fix_intake()

    def test_exception_notes_in_chatter_never_say_none(self):
        intake = self._intake(self._unknown_sku_order("EXT-N"))
        order = intake.sale_order_id
        order.with_user(self.oms_user).action_oms_clear_exception()
        bodies = [str(body) for body in order.message_ids.mapped("body")]
        self.assertTrue(any("Exception cleared." in body for body in bodies))
        self.assertTrue(any("Unknown SKU MKT-SOCK-9" in body for body in bodies))
        tracked = order.message_ids.sudo().tracking_value_ids
        self.assertNotIn("oms_exception", tracked.field_id.mapped("name"))
