# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestSaleOrderChannel(OmsCommon):
    def _new_order(self, qty=1):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "channel_id": self.channel.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": qty})
                ],
            }
        )

    def test_default_channel_from_the_users_team(self):
        self.team.member_ids = self.oms_user
        order_form = Form(self.env["sale.order"].with_user(self.oms_user))
        order_form.partner_id = self.customer
        self.assertEqual(order_form.team_id, self.team)
        self.assertEqual(order_form.channel_id, self.channel)
        order = order_form.save()
        self.assertEqual(order.channel_id, self.channel)

    def test_no_channel_without_a_channel_team(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "team_id": self.env["crm.team"].create({"name": "No channel"}).id,
            }
        )
        self.assertFalse(order.channel_id)

    def test_channel_order_ref_unique_per_channel(self):
        self._new_order().channel_order_ref = "A-1"
        other_channel = self.env["oms.channel"].create(
            {"name": "Other", "code": "TOTH"}
        )
        order = self._new_order()
        order.write({"channel_id": other_channel.id, "channel_order_ref": "A-1"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._new_order().channel_order_ref = "A-1"
                self.env.flush_all()

    def test_status_follows_the_order_life(self):
        order = self._new_order(qty=2)
        self.assertEqual(order.oms_state, "new")
        order.action_confirm()
        self.assertEqual(order.oms_state, "in_fulfilment", "no stock yet")
        self._set_stock(self.product, 5)
        order.picking_ids.action_assign()
        self.assertEqual(order.oms_state, "allocated")
        order.picking_ids.button_validate()
        self.assertEqual(order.oms_state, "shipped")
        order.action_oms_mark_delivered()
        self.assertEqual(order.oms_state, "delivered")
        cancelled = self._new_order()
        cancelled._action_cancel()
        self.assertEqual(cancelled.oms_state, "cancelled")

    def test_status_change_is_posted_in_the_chatter(self):
        order = self._new_order()
        self.env.cr.precommit.run()
        order.action_confirm()
        self.env.cr.precommit.run()
        tracked = order.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "oms_state"
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked[:1].new_value_char, "In Fulfilment")

    def test_exception_blocks_confirmation(self):
        order = self._new_order()
        order.oms_exception = "Customer address is a PO box"
        self.assertEqual(order.oms_state, "exception")
        with self.assertRaisesRegex(UserError, "in exception"):
            order.action_confirm()
        order.action_oms_clear_exception()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_channel_ref_on_invoice(self):
        self._set_stock(self.product, 5)
        order = self._new_order()
        order.channel_order_ref = "SHOP-77"
        order.action_confirm()
        order.picking_ids.button_validate()
        invoice = order._create_invoices()
        self.assertEqual(invoice.ref, "SHOP-77")
