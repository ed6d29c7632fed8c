# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPosHoldConcurrency(TransactionCase):
    """Two terminals, or a terminal and a channel order, take the last unit
    of a store at the same moment: exactly one gets it.

    The data is committed through separate cursors (the test cursor never
    commits) and removed afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = cls._commit_data()
        cls.addClassCleanup(cls._remove_data)

    @classmethod
    def _env(cls, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    @classmethod
    def _commit_data(cls):
        with cls.registry.cursor() as cr:
            env = cls._env(cr)
            store = env["stock.warehouse"].create(
                {"name": "Race Store", "code": "RACE", "oms_is_store": True}
            )
            # Without reservation at confirmation only the lock rows stand
            # between a confirmation and a terminal.
            out_type = store.out_type_id
            out_type.reservation_method = "manual"
            configs = env["pos.config"]
            for n in (1, 2):
                configs |= configs.create(
                    {
                        "name": "Race Till %s" % n,
                        "picking_type_id": store.pos_type_id.id,
                    }
                )
            sessions = env["pos.session"]
            for config in configs:
                sessions |= sessions.create(
                    {"config_id": config.id, "user_id": SUPERUSER_ID}
                )
            partner = env["res.partner"].create({"name": "Race Web Customer"})
            channel = env["oms.channel"].create(
                {
                    "name": "Race Marketplace",
                    "code": "RACE-MKT",
                    "channel_type": "marketplace",
                    "warehouse_ids": [(6, 0, store.ids)],
                }
            )
            return {
                "store": store.id,
                "configs": configs.ids,
                "sessions": sessions.ids,
                "partner": partner.id,
                "channel": channel.id,
                "products": [],
                "orders": [],
            }

    @classmethod
    def _remove_data(cls):
        with cls.registry.cursor() as cr:
            env = cls._env(cr)
            data = cls.data
            products = env["product.product"].browse(data["products"]).exists()
            env["oms.pos.hold"].search([("product_id", "in", products.ids)]).unlink()
            env["oms.pos.hold.lock"].search(
                [("product_id", "in", products.ids)]
            ).unlink()
            orders = env["sale.order"].browse(data["orders"]).exists()
            orders._action_cancel()
            moves = env["stock.move"].search([("product_id", "in", products.ids)])
            moves._action_cancel()
            moves.unlink()
            orders.picking_ids.unlink()
            orders.unlink()
            env["stock.quant"].search([("product_id", "in", products.ids)]).unlink()
            env["oms.channel"].browse(data["channel"]).unlink()
            env["pos.session"].browse(data["sessions"]).unlink()
            env["pos.config"].browse(data["configs"]).unlink()
            products.product_tmpl_id.unlink()
            env["res.partner"].browse(data["partner"]).unlink()

    def _last_unit(self, with_order=False):
        """A new product with one unit in the store (and a channel order)."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            store = env["stock.warehouse"].browse(self.data["store"])
            product = env["product.product"].create(
                {"name": "Race Lamp", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(
                product, store.lot_stock_id, 1
            )
            self.data["products"].append(product.id)
            order = None
            if with_order:
                order = env["sale.order"].create(
                    {
                        "partner_id": self.data["partner"],
                        "channel_id": self.data["channel"],
                        "warehouse_id": store.id,
                        "order_line": [
                            (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                        ],
                    }
                )
                self.data["orders"].append(order.id)
        return product.id, order and order.id

    def _hold(self, env, session_index, line, product_id):
        return env["oms.pos.hold"].pos_set_hold(
            self.data["sessions"][session_index], line, line, product_id, 1
        )

    def _race(self, first, second):
        """``first(env_a)`` commits while ``second(env_b)``, whose snapshot
        predates it, waits for the lock row then fails to serialize (Odoo
        retries such a request). Returns what ``second`` did on its retry."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            # B's snapshot is taken now, before A holds.
            env_b["pos.session"].browse(self.data["sessions"]).mapped("state")
            first(env_a)
            outcome = {}

            def run_second():
                try:
                    outcome["result"] = second(env_b)
                except SerializationFailure:
                    outcome["result"] = "serialization failure"

            thread = threading.Thread(target=run_second)
            with mute_logger("odoo.sql_db"):
                thread.start()
                thread.join(timeout=2)
                self.assertTrue(thread.is_alive(), "B must wait for A's lock row")
                cr_a.commit()
                thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
            self.assertEqual(outcome["result"], "serialization failure")
            cr_b.rollback()
        # Odoo's retry: a fresh transaction sees A's hold (kept when it
        # succeeds, rolled back when refused).
        with self.registry.cursor() as cr_retry:
            try:
                result = second(self._env(cr_retry))
            except UserError as error:
                cr_retry.rollback()
                result = error
        return result

    def test_two_terminals_race_for_the_last_unit(self):
        product_id, _order = self._last_unit()
        retry = self._race(
            lambda env: self._hold(env, 0, "race-a", product_id),
            lambda env: self._hold(env, 1, "race-b", product_id),
        )
        self.assertEqual((retry["state"], retry["held_qty"]), ("short", 0))
        with self.registry.cursor() as cr:
            holds = self._env(cr)["oms.pos.hold"].search(
                [("product_id", "=", product_id), ("state", "=", "active")]
            )
            self.assertEqual(holds.mapped("line_uuid"), ["race-a"])

    def test_terminal_then_channel_order(self):
        product_id, order_id = self._last_unit(with_order=True)
        retry = self._race(
            lambda env: self._hold(env, 0, "race-a", product_id),
            lambda env: env["sale.order"].browse(order_id).action_confirm(),
        )
        self.assertIsInstance(retry, UserError)
        self.assertIn("Not enough available to sell", str(retry))

    def test_channel_order_then_terminal(self):
        product_id, order_id = self._last_unit(with_order=True)
        retry = self._race(
            lambda env: env["sale.order"].browse(order_id).action_confirm(),
            lambda env: self._hold(env, 0, "race-a", product_id),
        )
        self.assertEqual((retry["state"], retry["held_qty"]), ("short", 0))
