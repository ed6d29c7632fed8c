# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestChannelStockConcurrency(TransactionCase):
    """Two transactions confirm the last unit through two channels at once.

    The data is committed through separate cursors (the test cursor never
    commits) and removed afterwards.
    """

    def _setup_race(self, channel_type):
        self.data = self._commit_data(channel_type)
        self.addCleanup(self._remove_data)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _commit_data(self, channel_type):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            warehouse = env.ref("stock.warehouse0")
            # Without reservation at confirmation only our row lock stands
            # between the two confirmations (no quant row is updated).
            out_type = warehouse.out_type_id
            data = {
                "out_type": out_type.id,
                "reservation_method": out_type.reservation_method,
            }
            out_type.reservation_method = "manual"
            product = env["product.product"].create(
                {
                    "name": "Last Unit",
                    "default_code": "ATS-LAST",
                    "type": "consu",
                    "is_storable": True,
                }
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1
            )
            partner = env["res.partner"].create({"name": "ATS Race Customer"})
            channels = env["oms.channel"].create(
                [
                    {
                        "name": "Race %s" % code,
                        "code": code,
                        "channel_type": channel_type,
                        "warehouse_ids": [(6, 0, warehouse.ids)],
                    }
                    for code in ("ATS-RACE-1", "ATS-RACE-2")
                ]
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "channel_id": channel.id,
                        "order_line": [
                            (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                        ],
                    }
                    for channel in channels
                ]
            )
            data.update(
                product=product.id,
                partner=partner.id,
                channels=channels.ids,
                orders=orders.ids,
            )
        return data

    def _remove_data(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            orders = env["sale.order"].browse(self.data["orders"]).exists()
            pickings = orders.picking_ids
            orders._action_cancel()
            moves = env["stock.move"].search(
                [("product_id", "=", self.data["product"])]
            )
            moves._action_cancel()
            moves.unlink()
            pickings.exists().unlink()
            orders.unlink()
            env["stock.quant"].search(
                [("product_id", "=", self.data["product"])]
            ).unlink()
            env["oms.channel"].browse(self.data["channels"]).unlink()
            product = env["product.product"].browse(self.data["product"])
            product.product_tmpl_id.unlink()
            env["res.partner"].browse(self.data["partner"]).unlink()
            env["stock.picking.type"].browse(
                self.data["out_type"]
            ).reservation_method = self.data["reservation_method"]

    def _race(self, cr_a, cr_b):
        """A confirms the first order while B, whose snapshot predates A's
        commit, confirms the second: B must wait for A, then fail to
        serialize (Odoo then retries B's request)."""
        first, second = self.data["orders"]
        outcome = {}
        env_a, env_b = self._env(cr_a), self._env(cr_b)
        # B's snapshot is taken now, before A confirms.
        self.assertEqual(env_b["sale.order"].browse(second).state, "draft")
        env_a["sale.order"].browse(first).action_confirm()

        def confirm_second():
            try:
                env_b["sale.order"].browse(second).action_confirm()
                outcome["second"] = "confirmed"
            except SerializationFailure:
                outcome["second"] = "serialization failure"

        thread = threading.Thread(target=confirm_second)
        # The failing statement is logged by the cursor: expected here.
        with mute_logger("odoo.sql_db"):
            thread.start()
            thread.join(timeout=2)
            self.assertTrue(thread.is_alive(), "B must wait for A's row lock")
            cr_a.commit()
            thread.join(timeout=60)
        self.assertFalse(thread.is_alive())
        self.assertEqual(outcome["second"], "serialization failure")
        cr_b.rollback()

    def test_last_unit_cannot_be_confirmed_through_two_marketplaces(self):
        # Marketplaces refuse overselling by default.
        self._setup_race("marketplace")
        second = self.data["orders"][1]
        with (
            self.registry.cursor() as cr_a,
            self.registry.cursor() as cr_b,
        ):
            self._race(cr_a, cr_b)
            env_b = self._env(cr_b)

            # Odoo retries the request; the new attempt sees the unit gone.
            with self.assertRaisesRegex(UserError, "Not enough available to sell"):
                env_b["sale.order"].browse(second).action_confirm()
            cr_b.rollback()

        with self.registry.cursor() as cr:
            orders = self._env(cr)["sale.order"].browse(self.data["orders"])
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])

    def test_channels_that_take_backorders_still_serialize(self):
        # Webshops do not refuse: the retried confirmation sees the unit gone
        # and takes a backorder; no channel advertises the unit any more.
        self._setup_race("webshop")
        second = self.data["orders"][1]
        with (
            self.registry.cursor() as cr_a,
            self.registry.cursor() as cr_b,
        ):
            self._race(cr_a, cr_b)
            env_b = self._env(cr_b)
            env_b["sale.order"].browse(second).action_confirm()
            cr_b.commit()

        with self.registry.cursor() as cr:
            env = self._env(cr)
            orders = env["sale.order"].browse(self.data["orders"])
            self.assertEqual(orders.mapped("state"), ["sale", "sale"])
            channels = env["oms.channel"].browse(self.data["channels"])
            product = env["product.product"].browse(self.data["product"])
            figures = env["oms.channel.stock"]._oms_compute(channels, product)
            self.assertEqual(
                [(f.promised, f.ats) for f, _rate in figures.values()],
                [(2.0, 0), (2.0, 0)],
            )
