# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPosHoldTours(HttpCase):
    """The POS screens of the holds, clicked through in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # sales leave the stock at once (not at the session's closing)
        cls.env.company.point_of_sale_update_stock_quantities = "real"
        cls.store, cls.second_store = cls.env["stock.warehouse"].create(
            [
                {"name": "OMS Tour Store", "code": "OMST"},
                {"name": "OMS Second Store", "code": "OMS2"},
            ]
        )
        cash = cls.env["pos.payment.method"].create(
            {
                "name": "Cash",
                "journal_id": cls.env["account.journal"]
                .create({"name": "OMS Tour Cash", "type": "cash", "code": "OMSTC"})
                .id,
            }
        )
        cls.config = cls.env["pos.config"].create(
            {
                "name": "OMS Tour Shop",
                "picking_type_id": cls.store.pos_type_id.id,
                "payment_method_ids": [Command.set(cash.ids)],
            }
        )
        cls.env["pos.config"].create(
            {
                "name": "OMS Second Shop",
                "picking_type_id": cls.second_store.pos_type_id.id,
            }
        )
        cls.pos_user = new_test_user(
            cls.env,
            login="oms_pos_cashier",
            password="oms_pos_cashier",
            groups="point_of_sale.group_pos_user,oms_pos_bridge.group_oms_pos_bridge_user",
        )
        cls.mug, cls.plate = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "is_storable": True,
                    "available_in_pos": True,
                    "list_price": price,
                    "taxes_id": [Command.clear()],
                }
                for name, price in (("OMS Last Mug", 10.0), ("OMS Plenty Plate", 4.0))
            ]
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.mug, cls.store.lot_stock_id, 1)
        Quant._update_available_quantity(cls.plate, cls.store.lot_stock_id, 5)
        Quant._update_available_quantity(cls.mug, cls.second_store.lot_stock_id, 4)
        cls.customer = cls.env["res.partner"].create({"name": "OMS Web Buyer"})
        cls.web = cls.env["oms.channel"].create(
            {
                "name": "OMS Tour Marketplace",
                "code": "OMS-TOUR-MKT",
                "channel_type": "marketplace",
                "warehouse_ids": [Command.set(cls.store.ids)],
            }
        )

    def _web_order(self, product, qty, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "channel_id": self.web.id,
                "warehouse_id": self.store.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _holds(self, product):
        return self.env["oms.pos.hold"].search([("product_id", "=", product.id)])

    def _open_and_run(self, tour, policy="warn"):
        self.config.oms_hold_policy = policy
        self.config.with_user(self.pos_user).open_ui()
        self.start_tour(
            f"/pos/ui?config_id={self.config.id}",
            tour,
            login="oms_pos_cashier",
            timeout=400,  # a shared, loaded test machine loads the POS slowly
        )
        # the browser's requests changed the records behind this cache
        self.env.invalidate_all()

    def test_last_unit_sold_at_the_till(self):
        """The till holds and sells the store's last mug; the web order that
        waits for it is then refused by the oversell check."""
        waiting = self._web_order(self.mug, 1, confirm=False)
        self._open_and_run("oms_pos_hold_last_unit_tour")
        order = self.env["pos.order"].search([("lines.product_id", "=", self.mug.id)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(self._holds(self.mug).mapped("state"), ["sold"])
        with self.assertRaises(UserError) as refused:  # rolled back
            waiting.action_confirm()
        self.assertIn("Not enough available to sell", str(refused.exception))
        self.env.invalidate_all()
        self.assertEqual(waiting.state, "draft")

    def test_block_policy_refuses_what_is_not_free(self):
        self._web_order(self.mug, 1)  # reserves the last mug
        self._open_and_run("oms_pos_hold_block_tour", policy="block")
        self.assertFalse(self._holds(self.mug))
        hold = self._holds(self.plate)
        self.assertEqual((hold.state, hold.quantity, hold.kind), ("active", 1, "line"))

    def test_reserve_for_customer(self):
        self._open_and_run("oms_pos_hold_reserve_tour")
        holds = self._holds(self.plate)
        reserve = holds.filtered(lambda hold: hold.kind == "reserve")
        self.assertEqual(
            (reserve.state, reserve.quantity, reserve.partner_name),
            ("active", 2, "Ada Lovelace"),
        )
        self.assertEqual(reserve.partner_phone, "+32 470 12 34 56")
        self.assertTrue(reserve.reserved_until)
        # the line left the sale: its own hold was released
        line_holds = holds - reserve
        self.assertEqual(set(line_holds.mapped("state")), {"released"})

    def test_offline_sale_with_conflict(self):
        """Sold offline while a web order has the last mug: the sale is kept,
        the hold becomes a conflict for the back office."""
        waiting = self._web_order(self.mug, 1)
        self._open_and_run("oms_pos_hold_offline_tour")
        order = self.env["pos.order"].search([("lines.product_id", "=", self.mug.id)])
        self.assertEqual(order.state, "paid")
        hold = self._holds(self.mug)
        self.assertEqual(hold.line_uuid, order.lines.uuid)
        # the conflict reached the server before the sale (the queue is sent
        # first): its reason and the back office's activity stay on the hold
        self.assertTrue(hold.note)
        self.assertIn(
            "POS hold conflict", " ".join(hold.activity_ids.mapped("summary"))
        )
        self.assertEqual(waiting.state, "sale")
