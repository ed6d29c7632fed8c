# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import common as odoo_test_common
from odoo.tests import new_test_user, tagged

from .common_stock import ChannelStockCase

# queue_job's test helpers import SETATTR_SOURCES, which only later Odoo 18.0
# builds define; an empty one lets trap_jobs() be imported and changes nothing.
if not hasattr(odoo_test_common, "SETATTR_SOURCES"):
    odoo_test_common.SETATTR_SOURCES = {}

# pylint: disable=wrong-import-position,wrong-import-order
from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: E402


@tagged("post_install", "-at_install")
class TestChannelStockRecompute(ChannelStockCase):
    """Channels that push no stock: their figures follow changes by a job."""

    def _recompute_jobs(self, trap):
        return [
            job
            for job in trap.enqueued_jobs
            if job.method_name == "_oms_recompute_channel_stock"
        ]

    def _waiting(self, channel):
        return self.env["queue.job"].search(
            [
                ("identity_key", "=", "oms_stock_recompute:%s" % channel.id),
                ("state", "=", "pending"),
            ]
        )

    def _run_job(self, channel):
        """What the job runner does: run the waiting job, which is then done."""
        self._waiting(channel).write({"state": "done"})
        return channel._oms_recompute_channel_stock()

    def test_stock_changes_enqueue_one_recompute_job_per_channel(self):
        with trap_jobs() as trap:
            self.add_stock(self.product, 5)
            self.add_stock(self.product, 3)
            self.sell(self.web, self.product, 1)
        jobs = self._recompute_jobs(trap)
        self.assertEqual(
            sorted(job.identity_key for job in jobs),
            sorted(
                "oms_stock_recompute:%s" % channel.id
                for channel in (self.web | self.market)
            ),
        )

    def test_recompute_job_brings_figures_up_to_date(self):
        self.add_stock(self.product, 10)
        pair = self.pair(self.web, self.product)
        self.assertTrue(pair.dirty)
        result = self.web._oms_recompute_channel_stock()
        self.assertEqual(result, "1 products recomputed.")
        self.assertEqual((pair.on_hand, pair.ats, pair.dirty), (10, 10, False))

    def test_buffer_and_override_changes_flag_and_enqueue(self):
        self.add_stock(self.product, 20)
        self._run_job(self.web)
        pair = self.pair(self.web, self.product)
        self.assertEqual(pair.ats, 20)
        self.assertFalse(self._waiting(self.web))
        self.web.ats_buffer = 10
        self.assertTrue(pair.dirty)
        self.assertEqual(len(self._waiting(self.web)), 1)
        self.assertEqual(
            pair.buffer_explanation,
            "Fixed buffer of the channel: 10. Figures computed with a buffer of "
            "0: being recomputed.",
        )
        self._run_job(self.web)
        self.assertEqual(pair.ats, 10)
        self.assertEqual(pair.buffer_explanation, "Fixed buffer of the channel: 10.")

        self.assertFalse(self._waiting(self.web))
        self.env["oms.channel.stock.override"].create(
            {
                "channel_id": self.web.id,
                "product_id": self.product.id,
                "buffer": 5,
                "max_qty": 12,
            }
        )
        self.assertEqual(len(self._waiting(self.web)), 1)
        self._run_job(self.web)
        self.assertEqual(pair.ats, 12)
        self.assertEqual(
            pair.buffer_explanation,
            "Buffer 5 set on the product override (the channel's: 10).",
        )

    def test_delivery_changes_on_hand_through_the_job(self):
        self.add_stock(self.product, 10)
        order = self.sell(self.web, self.product, 4)
        self._run_job(self.web)
        pair = self.pair(self.web, self.product)
        self.assertEqual((pair.on_hand, pair.promised, pair.ats), (10, 4, 6))
        picking = order.picking_ids
        picking.move_ids.quantity = 4
        self.assertFalse(self._waiting(self.web))
        picking.button_validate()
        self.assertTrue(self._waiting(self.web))
        self._run_job(self.web)
        self.assertEqual((pair.on_hand, pair.promised, pair.ats), (6, 0, 6))

    def test_recompute_now_as_order_management_user(self):
        self.add_stock(self.product, 7)
        self.web.ats_buffer = 2
        action = self.web.with_user(self.oms_user).action_oms_recompute_stock()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("recomputed for", action["params"]["message"])
        pair = self.pair(self.web, self.product)
        self.assertEqual((pair.ats, pair.dirty), (5, False))

    def test_recompute_now_refused_without_order_management_group(self):
        salesman = new_test_user(
            self.env, login="ats_salesman", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.web.with_user(salesman).action_oms_recompute_stock()

    def test_recompute_now_from_the_list_takes_flagged_rows(self):
        self.add_stock(self.product, 9)
        stock = self.env["oms.channel.stock"].with_user(self.oms_user)
        # the demo data may hold flagged rows of its own: they are taken too
        flagged = stock.search_count([("dirty", "=", True)])
        self.assertGreaterEqual(flagged, 2)
        action = stock.browse().action_oms_recompute_stock()
        self.assertIn("%s products" % flagged, action["params"]["message"])
        self.assertEqual(self.pair(self.market, self.product).ats, 9)
        self.assertFalse(self.pair(self.web, self.product).dirty)
