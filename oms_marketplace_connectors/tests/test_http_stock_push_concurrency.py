# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import ChannelEndpointServer


@tagged("post_install", "-at_install")
class TestHttpStockPushConcurrency(TransactionCase):
    """A sale confirms while a stock push to a slow channel is in flight.

    Real cursors, as in production: the data is committed through separate
    cursors (the test cursor never commits) and removed afterwards.
    """

    def setUp(self):
        super().setUp()
        self.server = ChannelEndpointServer().start()
        self.addCleanup(self.server.stop)
        self.data = self._commit_data()
        self.addCleanup(self._remove_data)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _commit_data(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            warehouse = env.ref("stock.warehouse0")
            product = env["product.product"].create(
                {
                    "name": "Pushed While Sold",
                    "default_code": "PUSH-RACE",
                    "type": "consu",
                    "is_storable": True,
                }
            )
            channel = env["oms.channel"].create(
                {
                    "name": "Push Race",
                    "code": "PUSH-RACE",
                    "warehouse_ids": [(6, 0, warehouse.ids)],
                    "stock_export_type": "http",
                    "http_stock_url": self.server.url,
                    "http_stock_allow_private": True,
                    "http_stock_secret": "push-race",
                    "http_stock_timeout": 30,
                }
            )
            # Stock after the channel: its pair is flagged to push.
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 10
            )
            partner = env["res.partner"].create({"name": "Push Race Customer"})
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "channel_id": channel.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 2})
                    ],
                }
            )
            return {
                "product": product.id,
                "channel": channel.id,
                "partner": partner.id,
                "order": order.id,
            }

    def _remove_data(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            order = env["sale.order"].browse(self.data["order"]).exists()
            pickings = order.picking_ids
            order._action_cancel()
            moves = env["stock.move"].search(
                [("product_id", "=", self.data["product"])]
            )
            moves._action_cancel()
            moves.unlink()
            pickings.exists().unlink()
            order.unlink()
            env["stock.quant"].search(
                [("product_id", "=", self.data["product"])]
            ).unlink()
            env["queue.job"].search(
                [
                    (
                        "identity_key",
                        "=like",
                        "oms_stock_sync:%s:%%" % self.data["channel"],
                    )
                ]
            ).unlink()
            env["oms.channel"].browse(self.data["channel"]).unlink()
            product = env["product.product"].browse(self.data["product"])
            product.product_tmpl_id.unlink()
            env["res.partner"].browse(self.data["partner"]).unlink()

    def _push(self):
        with self.registry.cursor() as cr:
            return (
                self._env(cr)["oms.channel"]
                .browse(self.data["channel"])
                ._oms_sync_stock()
            )

    def test_order_confirms_while_the_push_waits_on_the_channel(self):
        outcome = {}
        # Threads cannot build environments while the test runner holds the
        # registry lock: the confirming one gets its environment from here.
        cr_sale = self.registry.cursor()
        self.addCleanup(cr_sale.close)
        env_sale = self._env(cr_sale)

        def confirm_once_the_push_is_in_flight():
            if not self.server.arrived.wait(30):
                outcome["confirm"] = "the push never reached the channel"
            else:
                start = time.monotonic()
                try:
                    env_sale["sale.order"].browse(self.data["order"]).action_confirm()
                    cr_sale.commit()
                    outcome["confirm"] = time.monotonic() - start
                except Exception as error:  # reported by the assertions below
                    outcome["confirm"] = error
            outcome["gate"] = "opened after the confirmation"
            self.server.gate.set()

        # The channel answers once the order is confirmed (at most 20 s later).
        self.server.gate.clear()
        confirm = threading.Thread(target=confirm_once_the_push_is_in_flight)
        confirm.start()
        summary = self._push()
        outcome.setdefault("gate", "opened by the timeout: the sale waited")
        confirm.join(timeout=60)

        self.assertIsInstance(outcome["confirm"], float, outcome["confirm"])
        self.assertEqual(outcome["gate"], "opened after the confirmation")
        self.assertEqual((summary["pushed"], summary["error"]), (1, False))
        self.assertEqual(
            self.server.documents()[0]["items"], [{"sku": "PUSH-RACE", "quantity": 10}]
        )
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.assertEqual(env["sale.order"].browse(self.data["order"]).state, "sale")
            pair = env["oms.channel.stock"].search(
                [
                    ("channel_id", "=", self.data["channel"]),
                    ("product_id", "=", self.data["product"]),
                ]
            )
            # The channel has 10; the sale since the read is still to push.
            self.assertEqual((pair.exported_qty, pair.dirty), (10, True))

        # The next run sends what is left.
        self.assertEqual(self._push()["pushed"], 1)
        self.assertEqual(
            self.server.documents()[-1]["items"], [{"sku": "PUSH-RACE", "quantity": 8}]
        )
