# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from ast import literal_eval
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common_pos_hold import PosHoldCommon


@tagged("post_install", "-at_install")
class TestPosHold(PosHoldCommon):
    """Order line holds through the POS RPC: hold, change, release, cancel,
    close, expiry and payment; available-to-sell follows."""

    def test_hold_lowers_available_to_sell_and_follows_the_line(self):
        before = self.ats()
        self.assertEqual(before.on_hand, 3)
        result = self.hold(self.session_a, "line-1", 2)
        self.assertEqual(result["state"], "held")
        self.assertEqual(result["held_qty"], 2)
        self.assertEqual(result["free_qty"], 3, "this order's own holds stay free")
        hold = self.holds(line_uuid="line-1", state="active")
        self.assertEqual(hold.quantity, 2)
        self.assertEqual(hold.location_id, self.store_a.lot_stock_id)
        self.assertEqual(hold.warehouse_id, self.store_a)
        self.assertEqual(hold.session_id, self.session_a)
        self.assertEqual(hold.user_id, self.cashier)
        self.assertTrue(hold.expires_at > fields.Datetime.now())
        self.assertEqual(self.ats().held, 2)
        self.assertEqual(self.ats().ats, before.ats - 2)
        # The channel is told: its availability row is to recompute.
        row = self.env["oms.channel.stock"].search(
            [("channel_id", "=", self.channel.id), ("product_id", "=", self.product.id)]
        )
        self.assertTrue(row.dirty)

        result = self.hold(self.session_a, "line-1", 1)
        self.assertEqual((result["state"], result["held_qty"]), ("held", 1))
        self.assertEqual(hold.quantity, 1, "the same hold follows the line")
        self.assertEqual(self.ats().held, 1)

        result = self.hold(self.session_a, "line-1", 0)
        self.assertEqual(result["state"], "released")
        self.assertEqual(hold.state, "released")
        self.assertEqual(self.ats().held, 0)

    def test_other_terminal_gets_what_is_left(self):
        self.hold(self.session_a, "line-1", 2, order="order-1")
        # Another terminal of the same store wants 3: one is free (warn).
        result = self.hold(self.session_a2, "line-2", 3, order="order-2")
        self.assertEqual(result["state"], "short")
        self.assertEqual(result["held_qty"], 1)
        self.assertEqual(result["free_qty"], 1)
        self.assertIn("free", result["message"])
        free = self.rpc(
            self.cashier, "pos_free_quantities", self.config_a.id, [self.product.id]
        )
        self.assertEqual(free, {self.product.id: 0.0})
        free = self.rpc(
            self.cashier,
            "pos_free_quantities",
            self.config_a.id,
            [self.product.id],
            order_uuid="order-1",
        )
        self.assertEqual(free, {self.product.id: 2.0})

    def test_block_policy_holds_nothing_more(self):
        self.config_a2.oms_hold_policy = "block"
        self.hold(self.session_a, "line-1", 2, order="order-1")
        result = self.hold(self.session_a2, "line-2", 3, order="order-2")
        self.assertEqual((result["state"], result["held_qty"]), ("blocked", 0))
        self.assertFalse(self.holds(line_uuid="line-2"))
        # Asking for what is free works; asking more keeps the earlier hold.
        self.assertEqual(self.hold(self.session_a2, "line-2", 1)["state"], "held")
        result = self.hold(self.session_a2, "line-2", 2)
        self.assertEqual((result["state"], result["held_qty"]), ("blocked", 1))
        self.assertEqual(self.holds(line_uuid="line-2", state="active").quantity, 1)

    def test_policy_off_and_services_hold_nothing(self):
        self.config_a.oms_hold_policy = "off"
        self.assertEqual(self.hold(self.session_a, "line-1", 1)["state"], "untracked")
        self.config_a.oms_hold_policy = "warn"
        result = self.hold(self.session_a, "line-2", 1, product=self.service)
        self.assertEqual(result["state"], "untracked")
        self.assertFalse(self.holds(session_id=self.session_a.id))

    def test_release_cancel_and_session_close(self):
        self.hold(self.session_a, "line-1", 1, order="order-1")
        self.hold(self.session_a, "line-2", 1, order="order-1")
        self.hold(self.session_a, "line-3", 1, order="order-2")
        released = self.rpc(
            self.cashier, "pos_release_holds", self.session_a.id, ["line-1", "nope"]
        )
        self.assertEqual(released, {"released": 1})
        # The terminal cancels order-2 (saved as a draft first).
        self.env["pos.order"].sync_from_ui(
            [self.ui_order(self.session_a, [], order_uuid="order-2", state="draft")]
        )
        order = self.env["pos.order"].search([("uuid", "=", "order-2")])
        order.action_pos_order_cancel()
        self.assertEqual(self.holds(line_uuid="line-3").state, "released")
        # Closing the session releases what is left; reservations stay.
        reservation = self.rpc(
            self.cashier,
            "pos_reserve",
            self.session_a.id,
            self.product.id,
            1,
            "Ada",
            "+33 1 23",
            fields.Date.to_string(fields.Date.today() + timedelta(days=2)),
        )
        self.session_a.action_pos_session_closing_control()
        self.assertIn(self.session_a.state, ("closing_control", "closed"))
        self.assertEqual(self.holds(line_uuid="line-2").state, "released")
        self.assertEqual(
            self.env["oms.pos.hold"].browse(reservation["hold_id"]).state, "active"
        )

    def test_payment_turns_holds_into_the_sale(self):
        self.hold(self.session_a, "line-1", 2, order="order-9")
        self.hold(self.session_a, "line-gone", 1, order="order-9")
        self.env["pos.order"].sync_from_ui(
            [self.ui_order(self.session_a, [("line-1", self.product, 2)], "order-9")]
        )
        order = self.env["pos.order"].search([("uuid", "=", "order-9")])
        self.assertEqual(order.state, "paid")
        sold = self.holds(line_uuid="line-1")
        self.assertEqual(sold.state, "sold")
        self.assertEqual(sold.pos_order_id, order)
        self.assertEqual(self.holds(line_uuid="line-gone").state, "released")
        # The picking took the goods: nothing counted twice.
        figures = self.ats()
        self.assertEqual((figures.on_hand, figures.held), (1, 0))

    def test_expiry(self):
        self.hold(self.session_a, "line-1", 1)
        self.hold(self.session_a, "line-2", 1)
        line_1 = self.holds(line_uuid="line-1")
        line_1.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        reservation = self.env["oms.pos.hold"].browse(
            self.rpc(
                self.cashier,
                "pos_reserve",
                self.session_a.id,
                self.product.id,
                1,
                "Bo",
                "",
                fields.Date.to_string(fields.Date.today()),
            )["hold_id"]
        )
        self.assertEqual(self.env["oms.pos.hold"]._cron_expire_holds(), 1)
        self.assertEqual(line_1.state, "expired")
        self.assertEqual(reservation.state, "active", "reserved until today")
        reservation.reserved_until = fields.Date.today() - timedelta(days=1)
        self.env["oms.pos.hold"]._cron_expire_holds()
        self.assertEqual(reservation.state, "expired")
        self.assertEqual(self.holds(line_uuid="line-2").state, "active")

    def test_reservation(self):
        result = self.rpc(
            self.cashier,
            "pos_reserve",
            self.session_a.id,
            self.product.id,
            2,
            "Chen Wei",
            "+86 10 1234",
            fields.Date.to_string(fields.Date.today() + timedelta(days=3)),
        )
        self.assertEqual(result["state"], "held")
        hold = self.env["oms.pos.hold"].browse(result["hold_id"])
        self.assertEqual(
            (hold.kind, hold.partner_name, hold.quantity), ("reserve", "Chen Wei", 2)
        )
        self.assertFalse(hold.line_uuid)
        self.assertEqual(self.ats().held, 2)
        # Never a partial reservation.
        result = self.rpc(
            self.cashier,
            "pos_reserve",
            self.session_a.id,
            self.product.id,
            2,
            "Other",
            "",
            fields.Date.to_string(fields.Date.today()),
        )
        self.assertEqual((result["state"], result["hold_id"]), ("blocked", False))
        # Reservations show in the back office's Reservations list.
        action = self.env.ref("oms_pos_bridge.oms_pos_hold_action_reservation")
        self.assertIn(
            hold, self.env["oms.pos.hold"].search(literal_eval(action.domain))
        )

    def test_other_stores(self):
        rows = self.rpc(
            self.cashier, "pos_other_stores", self.config_a.id, self.product.id
        )
        by_store = {row["warehouse_id"]: row for row in rows}
        self.assertNotIn(self.store_a.id, by_store)
        self.assertEqual(by_store[self.store_b.id]["free_qty"], 1)
        self.assertEqual(by_store[self.store_b.id]["name"], "Hold Store B")
        self.config_a.oms_show_other_stores = False
        self.assertEqual(
            self.rpc(
                self.cashier, "pos_other_stores", self.config_a.id, self.product.id
            ),
            [],
        )

    def test_product_loader_adds_the_free_quantity(self):
        self.hold(self.session_a2, "line-other", 1, order="order-other")
        self.hold(self.session_a, "line-own", 1, order="order-own")
        response = self.session_a.load_data(
            ["pos.config", "pos.order", "pos.order.line", "product.product"]
        )
        loaded = response["product.product"]
        self.assertIn("oms_free_qty", loaded["fields"])
        rows = {row["id"]: row for row in loaded["data"]}
        # 3 on hand, 1 held by the other terminal; the session's own hold stays.
        self.assertEqual(rows[self.product.id]["oms_free_qty"], 2)
        self.assertEqual(rows[self.service.id]["oms_free_qty"], 0.0)
        # pos.config carries the hold settings to the terminal.
        config_fields = self.env["pos.config"]._load_pos_data_fields(self.config_a.id)
        self.assertTrue(
            not config_fields
            or {"oms_hold_policy", "oms_hold_minutes", "oms_show_other_stores"}
            <= set(config_fields)
        )
