# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_pos_hold import PosHoldCommon


@tagged("post_install", "-at_install")
class TestPosHoldAccess(PosHoldCommon):
    """What a cashier, a user of another company and an offline terminal can
    and cannot do through the POS RPC; bad input gets a clear error."""

    def test_cashier_holds_only_in_their_store(self):
        with self.assertRaisesRegex(UserError, "Hold Store A.*Hold Store B"):
            self.hold(self.session_b, "line-b", 1)
        with self.assertRaises(UserError):
            self.rpc(self.cashier, "pos_free_quantities", self.config_b.id, [])
        self.assertFalse(self.holds(line_uuid="line-b"))
        # A manager holds anywhere; a cashier without a store too.
        self.assertEqual(
            self.hold(self.session_b, "line-b", 1, user=self.pos_manager)["state"],
            "held",
        )
        roaming = new_test_user(
            self.env, login="oms_hold_roaming", groups="point_of_sale.group_pos_user"
        )
        self.assertEqual(
            self.hold(self.session_a, "line-r", 1, user=roaming)["state"], "held"
        )

    def test_cashier_cannot_write_holds_directly(self):
        self.hold(self.session_a, "line-1", 1)
        hold = self.holds(line_uuid="line-1").with_user(self.cashier)
        self.assertEqual(hold.quantity, 1, "cashiers read holds")
        with self.assertRaises(AccessError):
            hold.write({"quantity": 99})
        with self.assertRaises(AccessError):
            self.env["oms.pos.hold"].with_user(self.cashier).create(
                {
                    "product_id": self.product.id,
                    "quantity": 1,
                    "location_id": self.store_a.lot_stock_id.id,
                    "warehouse_id": self.store_a.id,
                    "company_id": self.company.id,
                }
            )
        with self.assertRaises(AccessError):
            self.rpc(self.cashier, "action_release", hold.ids)

    def test_users_outside_the_point_of_sale_cannot_hold(self):
        salesman = new_test_user(
            self.env, login="oms_hold_salesman", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.hold(self.session_a, "line-1", 1, user=salesman)

    def test_bad_input(self):
        bad_quantities = ["2", None, True, math.nan, math.inf, [1]]
        for qty in bad_quantities:
            with self.assertRaisesRegex(UserError, "finite number", msg=repr(qty)):
                self.hold(self.session_a, "line-1", qty)
        with self.assertRaisesRegex(UserError, "Unknown product"):
            self.rpc(
                self.cashier, "pos_set_hold", self.session_a.id, "l", "o", 10**9, 1
            )
        with self.assertRaisesRegex(UserError, "Unknown product"):
            self.rpc(self.cashier, "pos_set_hold", self.session_a.id, "l", "o", "1", 1)
        with self.assertRaisesRegex(UserError, "Unknown point of sale session"):
            self.rpc(self.cashier, "pos_set_hold", 10**9, "l", "o", self.product.id, 1)
        with self.assertRaisesRegex(UserError, "order line"):
            self.hold(self.session_a, None, 1)
        with self.assertRaises(UserError):
            self.rpc(
                self.cashier,
                "pos_reserve",
                self.session_a.id,
                self.product.id,
                1,
                "Ada",
                "",
                fields.Date.to_string(fields.Date.today() - timedelta(days=1)),
            )
        with self.assertRaises(UserError):
            self.rpc(
                self.cashier,
                "pos_reserve",
                self.session_a.id,
                self.product.id,
                1,
                "  ",
                "",
                "not a date",
            )
        with self.assertRaises(UserError):
            self.rpc(
                self.cashier,
                "pos_reserve",
                self.session_a.id,
                self.product.id,
                -1,
                "Ada",
                "",
                fields.Date.to_string(fields.Date.today()),
            )
        self.assertFalse(self.holds(session_id=self.session_a.id))

    def test_closed_session(self):
        self.session_a.state = "closed"
        with self.assertRaisesRegex(UserError, "closed"):
            self.hold(self.session_a, "line-1", 1)
        # Releasing is always possible.
        self.assertEqual(
            self.rpc(self.cashier, "pos_release_holds", self.session_a.id, ["line-1"]),
            {"released": 0},
        )

    def test_holds_never_take_stock_below_zero(self):
        results = [
            self.hold(self.session_a, "line-%s" % n, 2, order="order-%s" % n)
            for n in range(3)
        ]
        self.assertEqual([r["held_qty"] for r in results], [2, 1, 0])
        self.assertEqual(self.ats().held, 3)
        self.assertEqual(self.ats().ats, 0)

    def test_offline_sync_with_conflicts(self):
        start = self.session_a.start_at
        stale_time = fields.Datetime.to_string(start - timedelta(hours=1))
        later = (start + timedelta(minutes=5)).isoformat() + "Z"
        self.hold(self.session_a2, "line-online", 2, order="order-online")
        results = self.rpc(
            self.cashier,
            "pos_sync_offline",
            self.session_a.id,
            [
                {
                    "line_uuid": "off-1",
                    "order_uuid": "off-order",
                    "product_id": self.product.id,
                    "qty": 1,
                    "client_time": later,
                },
                {
                    "line_uuid": "off-2",
                    "order_uuid": "off-order",
                    "product_id": self.product.id,
                    "qty": 2,
                    "client_time": later,
                },
                {
                    "line_uuid": "off-3",
                    "order_uuid": "off-order",
                    "product_id": self.product.id,
                    "qty": 1,
                    "client_time": stale_time,
                },
            ],
        )
        self.assertEqual(
            [r["state"] for r in results], ["held", "conflict", "conflict"]
        )
        self.assertIn("before the session", results[2]["message"])
        conflicts = self.holds(state="conflict")
        self.assertEqual(set(conflicts.mapped("line_uuid")), {"off-2", "off-3"})
        short = conflicts.filtered(lambda h: h.line_uuid == "off-2")
        self.assertEqual(short.quantity, 2)
        self.assertTrue(short.note)
        self.assertTrue(short.activity_ids, "the back office is asked to act")
        # Conflicts do not count as held; the manager decides.
        self.assertEqual(self.ats().held, 3)
        short.with_user(self.pos_manager).action_keep()
        self.assertEqual(short.state, "active")
        self.assertFalse(short.activity_ids)
        stale = conflicts - short
        stale.with_user(self.pos_manager).action_release()
        self.assertEqual(stale.state, "released")
        # The offline order arrives: kept goods become the sale.
        self.env["pos.order"].sync_from_ui(
            [
                self.ui_order(
                    self.session_a,
                    [("off-1", self.product, 1), ("off-2", self.product, 2)],
                    "off-order",
                )
            ]
        )
        self.assertEqual(
            set(self.holds(order_uuid="off-order", state="sold").mapped("line_uuid")),
            {"off-1", "off-2"},
        )

    def test_offline_sync_after_session_closed_is_a_conflict(self):
        self.session_a.state = "closed"
        results = self.rpc(
            self.cashier,
            "pos_sync_offline",
            self.session_a.id,
            [
                {
                    "line_uuid": "off-1",
                    "order_uuid": "off-order",
                    "product_id": self.product.id,
                    "qty": 1,
                    "client_time": False,
                }
            ],
        )
        self.assertEqual(results[0]["state"], "conflict")
        with self.assertRaises(UserError):
            self.rpc(self.cashier, "pos_sync_offline", self.session_a.id, "x")

    def test_other_company_isolation(self):
        company_b = self.env["res.company"].create({"name": "Hold Company B"})
        user_b = new_test_user(
            self.env,
            login="oms_hold_user_b",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
            groups="point_of_sale.group_pos_manager",
        )
        self.hold(self.session_a, "line-1", 1)
        self.assertFalse(self.env["oms.pos.hold"].with_user(user_b).search([]))
        with self.assertRaises(AccessError):
            self.hold(self.session_a, "line-2", 1, user=user_b)
        with self.assertRaises(AccessError):
            self.rpc(user_b, "pos_free_quantities", self.config_a.id, [self.product.id])
