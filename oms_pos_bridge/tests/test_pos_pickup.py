# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_pickup import PickupCommon


@tagged("post_install", "-at_install")
class TestPosPickup(PickupCommon):
    def test_pickup_order_allocated_to_its_store(self):
        # Central has more stock and Beijing is nearer the customer: the chosen
        # store wins, although it ships no other order.
        order = self._confirm(self._pickup_order())
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_a: 2}})
        picking = self._pickup(order)
        self.assertEqual(picking.oms_pickup_state, "to_prepare")
        self.assertEqual(picking.oms_pickup_warehouse_id, self.shanghai)
        # An ordinary order of the channel is never sent from the store.
        other = self._confirm(self._order([(self.product_a, 1)]))
        self.assertNotIn(self.shanghai, self._deliveries(other))
        self.assertFalse(self._pickup(other).oms_pickup_state)

    def test_pickup_store_from_the_carrier_and_address(self):
        order = self._order([(self.product_a, 1)])
        order.write(
            {
                "carrier_id": self.pickup_carrier.id,
                "partner_shipping_id": self.shanghai.partner_id.id,
            }
        )
        self.assertEqual(order.oms_pickup_warehouse_id, self.shanghai)
        order.carrier_id = self.env["delivery.carrier"].create(
            {
                "name": "Test Courier",
                "product_id": self.pickup_carrier.product_id.id,
            }
        )
        self.assertFalse(order.oms_pickup_warehouse_id)

    def test_state_machine_and_ready_notification(self):
        order = self._confirm(self._pickup_order())
        picking = self._pickup(order)
        cashier = self.cashier_shanghai
        listed = self._rpc(cashier, "pos_pickups", self.config_shanghai.id)
        self.assertEqual([p["id"] for p in listed], picking.ids)
        self.assertEqual(listed[0]["pickup_state"], "to_prepare")
        with self.assertRaises(UserError):
            self._rpc(cashier, "pos_pickup_collected", picking.id)
        data = self._rpc(cashier, "pos_pickup_prepare", picking.id)
        self.assertTrue(data["picked"])
        self.assertEqual(data["state"], "assigned")
        now = fields.Datetime.now()
        with freeze_time(now):
            data = self._rpc(cashier, "pos_pickup_ready", picking.id)
        self.assertEqual(data["pickup_state"], "ready")
        self.assertEqual(picking.oms_pickup_deadline, now + timedelta(days=5))
        mail = self.env["mail.message"].search(
            [
                ("model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
                ("subject", "ilike", "ready for pickup"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer_beijing, mail.partner_ids)
        with self.assertRaises(UserError):
            self._rpc(cashier, "pos_pickup_ready", picking.id)
        result = self._rpc(cashier, "pos_pickup_collected", picking.id)
        self.assertFalse(result["settle"])
        self.assertEqual(result["amount_due"], 0.0)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.oms_pickup_state, "collected")
        self.assertTrue(order.oms_delivered_date)
        self.assertFalse(self._rpc(cashier, "pos_pickups", self.config_shanghai.id))

    def test_unpaid_pickup_is_settled_at_the_till(self):
        order = self._confirm(self._pickup_order(paid=False))
        picking = self._pickup(order)
        self._rpc(self.cashier_shanghai, "pos_pickup_prepare", picking.id)
        self._rpc(self.cashier_shanghai, "pos_pickup_ready", picking.id)
        result = self._rpc(self.cashier_shanghai, "pos_pickup_collected", picking.id)
        self.assertTrue(result["settle"])
        self.assertEqual(result["sale_order_id"], order.id)
        self.assertAlmostEqual(result["amount_due"], order.amount_total)
        # Not handed over until paid: pos_sale delivers with the POS order.
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.oms_pickup_state, "ready")

    def test_reminder_cron(self):
        order = self._confirm(self._pickup_order())
        picking = self._pickup(order)
        start = fields.Datetime.now()
        with freeze_time(start):
            picking._oms_pickup_prepare()
            picking._oms_pickup_ready()

        def reminders():
            return self.env["mail.message"].search_count(
                [
                    ("model", "=", "stock.picking"),
                    ("res_id", "=", picking.id),
                    ("subject", "ilike", "is waiting for you"),
                ]
            )

        with freeze_time(start + timedelta(days=2)):
            self.env["stock.picking"]._cron_oms_pickup_reminders()
        self.assertEqual(reminders(), 0)
        with freeze_time(start + timedelta(days=3, hours=1)):
            self.env["stock.picking"]._cron_oms_pickup_reminders()
            self.env["stock.picking"]._cron_oms_pickup_reminders()
        self.assertEqual(reminders(), 1)
        self.assertTrue(picking.oms_pickup_reminded)

    def test_expiry_cron_releases_goods_and_cancels(self):
        order = self._confirm(self._pickup_order(paid=False))
        picking = self._pickup(order)
        start = fields.Datetime.now()
        with freeze_time(start):
            picking._oms_pickup_prepare()
            picking._oms_pickup_ready()
        quant = self.env["stock.quant"]._gather(
            self.product_a, self.shanghai.lot_stock_id
        )
        self.assertEqual(sum(quant.mapped("reserved_quantity")), 2)
        with freeze_time(start + timedelta(days=4)):
            self.env["stock.picking"]._cron_oms_pickup_expire()
        self.assertEqual(picking.oms_pickup_state, "ready")
        with freeze_time(start + timedelta(days=5, hours=1)):
            self.env["stock.picking"]._cron_oms_pickup_expire()
        self.assertEqual(picking.oms_pickup_state, "expired")
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(sum(quant.mapped("reserved_quantity")), 0)
        self.assertFalse(
            self._rpc(self.cashier_shanghai, "pos_pickups", self.config_shanghai.id)
        )

    def test_expiry_refunds_an_invoiced_order(self):
        order = self._confirm(self._pickup_order(paid=False))
        invoice = order._create_invoices()
        invoice.action_post()
        picking = self._pickup(order)
        picking._oms_pickup_prepare()
        picking._oms_pickup_ready()
        picking.oms_pickup_deadline = fields.Datetime.now() - timedelta(hours=1)
        self.env["stock.picking"]._cron_oms_pickup_expire()
        self.assertEqual(picking.oms_pickup_state, "expired")
        self.assertEqual(order.state, "cancel")
        refund = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.amount_total, invoice.amount_total)
        self.assertIn(invoice.payment_state, ("reversed", "paid"))

    def test_expiry_of_channel_paid_order_asks_for_a_refund(self):
        order = self._confirm(self._pickup_order(paid=True))
        picking = self._pickup(order)
        picking._oms_pickup_prepare()
        picking._oms_pickup_ready()
        picking.oms_pickup_deadline = fields.Datetime.now() - timedelta(hours=1)
        self.env["stock.picking"]._cron_oms_pickup_expire()
        self.assertEqual(order.state, "cancel")
        self.assertTrue(order.activity_ids)

    def test_ship_from_store(self):
        order = self._confirm(
            self._order([(self.product_b, 1)], partner=self.customer_beijing)
        )
        self.assertEqual(self._deliveries(order), {self.beijing: {self.product_b: 1}})
        delivery = self._pickup(order)
        cashier = self.cashier_beijing
        listed = self._rpc(cashier, "pos_ship_from_store", self.config_beijing.id)
        self.assertEqual([p["id"] for p in listed], delivery.ids)
        pickup = self._confirm(self._pickup_order(store=self.beijing, qty=1))
        listed = self._rpc(cashier, "pos_ship_from_store", self.config_beijing.id)
        self.assertNotIn(self._pickup(pickup).id, [p["id"] for p in listed])
        urls = self._rpc(cashier, "pos_picking_print", delivery.id)
        self.assertIn("stock.report_deliveryslip/%s" % delivery.id, urls["url"])
        data = self._rpc(cashier, "pos_picking_check_availability", delivery.id)
        self.assertEqual(data["state"], "assigned")
        data = self._rpc(cashier, "pos_picking_validate", delivery.id)
        self.assertEqual(data["state"], "done")
        self.assertEqual(delivery.move_ids.quantity, 1)
        self.assertFalse(
            [
                p
                for p in self._rpc(
                    cashier, "pos_ship_from_store", self.config_beijing.id
                )
                if p["id"] == delivery.id
            ]
        )

    def test_ship_from_store_cancel(self):
        order = self._confirm(self._order([(self.product_b, 1)]))
        delivery = self._pickup(order)
        data = self._rpc(self.cashier_beijing, "pos_picking_cancel", delivery.id)
        self.assertEqual(data["state"], "cancel")

    def test_cashier_of_another_store_cannot_act(self):
        order = self._confirm(self._pickup_order())
        picking = self._pickup(order)
        cashier = self.cashier_beijing
        with self.assertRaises(AccessError):
            self._rpc(cashier, "pos_pickups", self.config_shanghai.id)
        for method in (
            "pos_pickup_prepare",
            "pos_pickup_ready",
            "pos_pickup_collected",
            "pos_picking_validate",
            "pos_picking_cancel",
            "pos_picking_print",
        ):
            with self.assertRaises(AccessError, msg=method):
                self._rpc(cashier, method, picking.id)
        # Its own store lists nothing of Shanghai.
        self.assertFalse(self._rpc(cashier, "pos_pickups", self.config_beijing.id))
        self.assertEqual(picking.oms_pickup_state, "to_prepare")
        # Session closed: the Shanghai cashier may no longer act either.
        self.config_shanghai.current_session_id.state = "closed"
        with self.assertRaises(AccessError):
            self._rpc(self.cashier_shanghai, "pos_pickup_prepare", picking.id)

    def test_bad_input(self):
        with self.assertRaises(UserError):
            self._rpc(self.cashier_shanghai, "pos_pickups", 0)
        with self.assertRaises(UserError):
            self._rpc(self.cashier_shanghai, "pos_pickup_ready", 999999999)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Pickup Other Co"})
        order = self._confirm(self._pickup_order())
        picking = self._pickup(order)
        manager = self.env["res.users"].create(
            {
                "name": "Other Co POS Manager",
                "login": "pickup_other_manager",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "groups_id": [
                    (6, 0, self.env.ref("point_of_sale.group_pos_manager").ids)
                ],
            }
        )
        with self.assertRaises(AccessError):
            self._rpc(manager, "pos_pickups", self.config_shanghai.id)
        with self.assertRaises(AccessError):
            self._rpc(manager, "pos_pickup_ready", picking.id)
        self.assertEqual(picking.oms_pickup_state, "to_prepare")

    def test_back_office_buttons_follow_the_pickup(self):
        order = self._confirm(self._pickup_order())
        picking = self._pickup(order)
        picking.with_user(self.store_user).action_oms_ready_for_pickup()
        self.assertEqual(picking.oms_pickup_state, "ready")
        self.assertTrue(picking.oms_pickup_deadline)
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.with_user(self.store_user).button_validate()
        self.assertEqual(picking.oms_pickup_state, "collected")
