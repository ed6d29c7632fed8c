# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestDemoHistory(ReturnsCommon):
    """A small history (60 orders, one month) written through the services."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.store_channel = cls.env["oms.channel"].create(
            {
                "name": "Test Store Counter",
                "code": "TESTSTORE",
                "channel_type": "store",
                "warehouse_ids": [Command.set(cls.store.ids)],
            }
        )
        cls.products = cls.env["product.product"]
        for code, price in (
            ("DEMO-T-TEE", 20.0),
            ("DEMO-T-MUG", 8.0),
            ("DEMO-T-LAMP", 60.0),
        ):
            cls.products |= cls._create_product(code, price, default_code=code)
        cls.channels = cls.channel | cls.store_channel
        cls.result = cls.env["oms.demo.history"].generate(
            months=1,
            orders=60,
            seed=3,
            channels=cls.channels,
            products=cls.products,
        )
        cls.intakes = cls.env["oms.order.intake"].search(
            [("external_id", "=like", "DEMO-%"), ("channel_id", "in", cls.channels.ids)]
        )
        cls.orders = cls.intakes.sale_order_id

    def test_orders_went_through_the_intake_and_were_confirmed_and_shipped(self):
        self.assertGreaterEqual(self.result["orders"], 40)
        self.assertEqual(len(self.intakes), self.result["orders"])
        self.assertEqual(set(self.orders.mapped("state")), {"sale"})
        self.assertEqual(self.orders.channel_id, self.channels)
        month_ago = fields.Datetime.now() - timedelta(days=32)
        self.assertTrue(all(d >= month_ago for d in self.orders.mapped("date_order")))
        done = self.orders.picking_ids.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        self.assertGreaterEqual(len(done), self.result["orders"] * 0.8)
        yesterday = fields.Datetime.now() - timedelta(hours=1)
        self.assertTrue(all(d < yesterday for d in done.mapped("date_done")))
        self.assertTrue(all(m.date < yesterday for m in done.move_ids))
        store_orders = self.orders.filtered(
            lambda o: o.channel_id == self.store_channel
        )
        self.assertTrue(store_orders)
        self.assertEqual(store_orders.warehouse_id, self.store)

    def test_some_orders_came_back_through_returns(self):
        returns = self.env["oms.return"].search([("order_ids", "in", self.orders.ids)])
        self.assertTrue(returns)
        self.assertEqual(len(returns), self.result["returns"])
        self.assertTrue(all(r.request_date < fields.Date.today() for r in returns))
        received = returns.picking_ids.filtered(lambda p: p.state == "done")
        self.assertTrue(received)
        self.assertTrue(self.store_channel not in returns.mapped("channel_id"))

    def test_weekly_season_visible(self):
        per_weekday = Counter(d.weekday() for d in self.orders.mapped("date_order"))
        weekdays = Counter(
            (fields.Date.today() - timedelta(days=n)).weekday() for n in range(1, 31)
        )
        rate = {day: per_weekday[day] / weekdays[day] for day in weekdays}
        self.assertGreater(rate[4] + rate[5], rate[0] + rate[1])

    def test_second_run_does_nothing_unless_forced(self):
        again = self.env["oms.demo.history"].generate(
            months=1, orders=60, seed=3, channels=self.channels, products=self.products
        )
        self.assertTrue(again["skipped"])
        self.assertEqual(
            self.env["oms.order.intake"].search_count(
                [
                    ("external_id", "=like", "DEMO-%"),
                    ("channel_id", "in", self.channels.ids),
                ]
            ),
            len(self.intakes),
        )

    def test_only_managers_generate(self):
        user = new_test_user(
            self.env,
            login="demo_history_user",
            groups="oms_multichannel.group_oms_multichannel_user",
        )
        with self.assertRaises(UserError):
            self.env["oms.demo.history"].with_user(user).generate(months=1, orders=5)
