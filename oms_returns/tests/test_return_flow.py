# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnFlow(ReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            [(cls.product_a, 3, 33.33, 0.0), (cls.product_b, 2, 19.99, 0.0)]
        )
        cls.line_a, cls.line_b = cls.order.order_line

    def test_over_return_blocked(self):
        with self.assertRaisesText(ValidationError, "more than was delivered"):
            self._create_return([(self.line_a, 4, self.reason_mind)])
        first = self._create_return([(self.line_a, 2, self.reason_mind)])
        with self.assertRaisesText(ValidationError, "more than was delivered"):
            self._create_return([(self.line_a, 2, self.reason_mind)])
        # A cancelled return gives its quantity back.
        first.action_cancel()
        second = self._create_return([(self.line_a, 3, self.reason_mind)])
        self.assertEqual(second.line_ids.returnable_qty, 3.0)
        with self.assertRaisesText(ValidationError, "more than was delivered"):
            first.action_draft()

    def test_returnable_counts_received_quantity(self):
        ret = self._create_return([(self.line_a, 2, self.reason_mind)])
        ret.action_approve()
        receipt = ret.picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.with_context(cancel_backorder=True)._action_done()
        self.assertEqual(ret.state, "received")
        self.assertEqual(ret.line_ids.qty_received, 1.0)
        # The unit the customer kept can still be returned later.
        self.assertEqual(self.line_a._oms_returnable_qty()[self.line_a.id], 2.0)
        self.assertEqual(self.line_a.qty_delivered, 2.0)

    def test_backorder_of_a_receipt_stays_on_the_return(self):
        ret = self._create_return([(self.line_a, 2, self.reason_mind)])
        ret.action_approve()
        receipt = ret.picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.with_context(cancel_backorder=False)._action_done()
        backorder = receipt.backorder_ids
        self.assertTrue(backorder)
        self.assertEqual(backorder.move_ids.oms_return_line_id, ret.line_ids)
        # The second unit is still on its way: not received, not returnable again.
        self.assertEqual(ret.state, "approved")
        self.assertEqual(self.line_a._oms_returnable_qty()[self.line_a.id], 1.0)
        ret.action_receive()
        self.assertEqual(ret.state, "received")
        self.assertEqual(ret.line_ids.qty_received, 2.0)
        self.assertEqual(self.line_a.qty_delivered, 1.0)
        self.assertEqual(self.line_a._oms_returnable_qty()[self.line_a.id], 1.0)

    def test_multi_order_return(self):
        order_2 = self._create_order([(self.product_a, 1, 33.33, 0.0)])
        ret = self._create_return(
            [
                (self.line_a, 1, self.reason_wrong),
                (self.line_b, 2, self.reason_wrong),
                (order_2.order_line, 1, self.reason_wrong),
            ]
        )
        self.assertEqual(ret.order_ids, self.order | order_2)
        self.assertEqual(ret.channel_id, self.channel)
        ret.action_approve()
        self.assertEqual(len(ret.picking_ids), 2)
        self.assertTrue(all(p.location_id.usage == "customer" for p in ret.picking_ids))
        self.assertEqual(ret.picking_ids.sale_id, self.order | order_2)
        ret.action_receive()
        self.assertEqual(ret.state, "received")
        self.assertEqual(self.line_a.qty_delivered, 2.0)
        self.assertEqual(self.line_b.qty_delivered, 0.0)
        self.assertEqual(order_2.order_line.qty_delivered, 0.0)

    def test_return_of_another_customer_refused(self):
        order = self._create_order(
            [(self.product_a, 1, 33.33, 0.0)], partner=self.other_customer
        )
        with self.assertRaisesText(ValidationError, "another customer"):
            self._create_return(
                [(self.line_a, 1, self.reason_wrong)],
            ).write(
                {
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "sale_line_id": order.order_line.id,
                                "quantity": 1,
                                "reason_id": self.reason_wrong.id,
                            },
                        )
                    ]
                }
            )

    def test_restock_raises_on_hand_in_receiving_store_scrap_does_not(self):
        store_stock = self.store.lot_stock_id
        central_a = self._on_hand(self.product_a, self.central.lot_stock_id)
        ret = self._create_return(
            [(self.line_a, 2, self.reason_mind), (self.line_b, 1, self.reason_defect)],
            warehouse_id=self.store.id,
        )
        ret.action_approve()
        self.assertEqual(ret.picking_ids.picking_type_id.warehouse_id, self.store)
        ret.action_receive()
        self.assertEqual(self._on_hand(self.product_a, store_stock), 2.0)
        self.assertEqual(self._on_hand(self.product_b, store_stock), 0.0)
        self.assertEqual(
            self._on_hand(self.product_b, self.store.view_location_id), 0.0
        )
        self.assertEqual(
            self._on_hand(self.product_a, self.central.lot_stock_id), central_a
        )
        scrap = ret.line_ids.scrap_ids
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_qty, 1.0)
        self.assertEqual(ret.line_ids[1].inspection_state, "scrapped")
        self.assertGreater(ret.line_ids[1].cost_amount, 0.0)

    def test_restock_raises_available_to_sell_of_the_store(self):
        store_channel = self.env["oms.channel"].create(
            {
                "name": "Test Store Channel",
                "code": "TESTSTORE",
                "channel_type": "store",
                "warehouse_ids": [(6, 0, self.store.ids)],
            }
        )
        stock = self.env["oms.channel.stock"]

        def ats(product):
            figures = stock._oms_compute(store_channel, product)
            return figures[(store_channel.id, product.id)][0].ats

        ret = self._create_return(
            [(self.line_a, 2, self.reason_mind), (self.line_b, 1, self.reason_damaged)],
            warehouse_id=self.store.id,
        )
        ret.action_approve()
        ret.action_receive()
        self.assertEqual(ats(self.product_a), 2)
        # Goods waiting for inspection are not for sale yet.
        self.assertEqual(ats(self.product_b), 0)
        ret.line_ids[1].action_inspect_restock()
        self.assertEqual(ats(self.product_b), 1)

    def test_inspect_waits_then_restocks(self):
        ret = self._create_return(
            [
                (self.line_a, 1, self.reason_damaged),
                (self.line_b, 1, self.reason_damaged),
            ],
            warehouse_id=self.store.id,
        )
        ret.action_approve()
        ret.action_receive()
        inspection = self.store.oms_return_location_id
        self.assertTrue(inspection)
        self.assertEqual(self._on_hand(self.product_a, inspection), 1.0)
        self.assertEqual(self._on_hand(self.product_a, self.store.lot_stock_id), 0.0)
        line_a, line_b = ret.line_ids
        self.assertEqual(line_a.inspection_state, "pending")
        line_a.action_inspect_restock()
        line_b.action_inspect_scrap()
        self.assertEqual(self._on_hand(self.product_a, self.store.lot_stock_id), 1.0)
        self.assertEqual(self._on_hand(self.product_b, inspection), 0.0)
        self.assertEqual(self._on_hand(self.product_b, self.store.lot_stock_id), 0.0)
        self.assertEqual(
            (line_a | line_b).mapped("inspection_state"), ["restocked", "scrapped"]
        )

    def test_warehouse_validation_receives_the_return(self):
        ret = self._create_return([(self.line_a, 1, self.reason_wrong)])
        ret.action_approve()
        receipt = ret.picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(ret.state, "received")
        self.assertTrue(ret.date_received)

    def test_reject_cancels_pending_receipts(self):
        ret = self._create_return([(self.line_a, 1, self.reason_wrong)])
        ret.action_approve()
        ret.action_reject()
        self.assertEqual(ret.state, "rejected")
        self.assertEqual(ret.picking_ids.state, "cancel")
        with self.assertRaises(UserError):
            ret.action_settle()

    def test_create_return_from_orders(self):
        action = self.order.action_oms_create_return()
        form = Form(self.env["oms.return"].with_context(**action["context"]))
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                line.reason_id = self.reason_wrong
        ret = form.save()
        self.assertEqual(ret.line_ids.sale_line_id, self.order.order_line)
        self.assertEqual(ret.line_ids.mapped("quantity"), [3.0, 2.0])
        self.assertTrue(ret.name.startswith("RET/"))

    def test_concurrent_returns_of_a_line_serialize(self):
        """Two transactions returning the same order line cannot both pass the
        over-return check on stale snapshots: the second one must retry."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrent Returner"})
            product = env["product.product"].create({"name": "Concurrent Item"})
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            # Committed when the cursor closes.
            ids = (order.id, product.id, partner.id, order.order_line.id)

        def cleanup():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["sale.order"].browse(ids[0]).unlink()
                env["product.product"].browse(ids[1]).unlink()
                env["res.partner"].browse(ids[2]).unlink()

        self.addCleanup(cleanup)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            # Both transactions take their snapshot before either returns.
            cr_a.execute("SELECT 1")
            cr_b.execute("SELECT 1")
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            env_a["sale.order.line"].browse(ids[3])._oms_lock_for_return()
            cr_a.commit()
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                env_b["sale.order.line"].browse(ids[3])._oms_lock_for_return()
            cr_b.rollback()

    def test_create_return_from_orders_without_reasons(self):
        self.env["oms.return.reason"].search([]).active = False
        with self.assertRaisesText(UserError, "Create a return reason first"):
            self.order.action_oms_create_return()
