# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_stock import ChannelStockCase


@tagged("post_install", "-at_install")
class TestStockOutage(ChannelStockCase):
    def _recompute(self, products=None, channels=None):
        self.env["oms.channel.stock"]._oms_recompute(
            channels or (self.web | self.market), products or self.product
        )

    def _outages(self, product=None, channel=None):
        domain = [("product_id", "=", (product or self.product).id)]
        if channel:
            domain.append(("channel_id", "=", channel.id))
        return self.env["oms.channel.stock.outage"].search(domain)

    def test_crossing_zero_opens_going_up_closes(self):
        self.add_stock(self.product, 5)
        self._recompute()
        self.assertFalse(self._outages())
        self.add_stock(self.product, -5)
        self._recompute()
        opened = self._outages()
        self.assertEqual(opened.channel_id, self.web | self.market)
        self.assertFalse(any(opened.mapped("date_end")))
        self.assertEqual(opened.company_id, self.env.company)
        # still at 0: the same periods stay open, none added
        self._recompute()
        self.assertEqual(self._outages(), opened)
        self.add_stock(self.product, 3)
        self._recompute()
        self.assertEqual(self._outages(), opened)
        self.assertTrue(all(opened.mapped("date_end")))
        self.assertGreaterEqual(opened[0].hours, 0.0)
        # out again: a new period
        self.add_stock(self.product, -3)
        self._recompute(channels=self.web)
        self.assertEqual(len(self._outages(channel=self.web)), 2)
        self.assertEqual(len(self._outages(channel=self.market)), 1)

    def test_a_product_never_in_stock_opens_on_its_first_figure(self):
        self._recompute()
        self.assertEqual(len(self._outages()), 2)

    def test_batch_recompute_adds_two_queries_at_most(self):
        products = self.env["product.product"]
        for n in range(30):
            products |= self._create_product("OUT-%02d" % n)
            self.add_stock(products[-1], 2)
        self._recompute(products)  # rows created, in stock
        self.env.flush_all()

        def count(change):
            for product in products:
                self.add_stock(product, change)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._recompute(products)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        unchanged = count(1)  # 3 units each: figures change, nothing crosses 0
        crossing = count(-3)  # 0 each: 60 periods open
        opened = self.env["oms.channel.stock.outage"].search(
            [("product_id", "in", products.ids)]
        )
        self.assertEqual(len(opened), 60)
        self.assertLessEqual(crossing, unchanged + 2)
        closing = count(4)
        self.assertLessEqual(closing, unchanged + 2)
        self.assertTrue(all(opened.mapped("date_end")))

    def test_concurrent_open_of_the_same_pair_keeps_one(self):
        outage = self.env["oms.channel.stock.outage"]
        key = (self.web.id, self.product.id, self.env.company.id)
        outage._oms_record([key], [])
        outage._oms_record([key], [])
        self.assertEqual(len(self._outages(channel=self.web)), 1)


@tagged("post_install", "-at_install")
class TestHoursOutOfStockReport(ChannelStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Outage = cls.env["oms.channel.stock.outage"]
        cls.closed = Outage.create(
            {
                "channel_id": cls.web.id,
                "product_id": cls.product.id,
                "company_id": cls.env.company.id,
                "date_start": datetime(2026, 1, 1, 10, 0),
                "date_end": datetime(2026, 1, 3, 4, 0),
            }
        )
        cls.ongoing = Outage.create(
            {
                "channel_id": cls.market.id,
                "product_id": cls.product.id,
                "company_id": cls.env.company.id,
                "date_start": fields.Datetime.now() - timedelta(hours=5),
            }
        )

    def _report(self, domain=(), user=None):
        report = self.env["oms.stock.outage.report"]
        if user:
            report = report.with_user(user)
        return report.search(
            [("product_id", "=", self.product.id), *domain], order="date"
        )

    def test_hours_per_day_clipped_to_the_period(self):
        rows = self._report([("channel_id", "=", self.web.id)])
        self.assertEqual(
            [(str(r.date), round(r.hours, 2)) for r in rows],
            [("2026-01-01", 14.0), ("2026-01-02", 24.0), ("2026-01-03", 4.0)],
        )
        self.assertAlmostEqual(self.closed.hours, 42.0)
        groups = self.env["oms.stock.outage.report"].read_group(
            [
                ("product_id", "=", self.product.id),
                ("date", ">=", "2026-01-02"),
                ("date", "<=", "2026-01-31"),
            ],
            ["hours:sum"],
            ["channel_id"],
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["hours"], 28.0)

    def test_open_period_counts_until_now(self):
        rows = self._report([("channel_id", "=", self.market.id)])
        self.assertAlmostEqual(sum(rows.mapped("hours")), 5.0, delta=0.1)
        self.assertTrue(all(rows.mapped("ongoing")))
        self.assertAlmostEqual(self.ongoing.hours, 5.0, delta=0.1)

    def test_every_row_opens_its_period(self):
        row = self._report([("channel_id", "=", self.web.id)])[:1]
        action = row.action_oms_open_outage()
        self.assertEqual(action["res_model"], "oms.channel.stock.outage")
        self.assertEqual(action["res_id"], self.closed.id)
        self.assertEqual(
            self.closed.action_oms_open_product()["res_id"], self.product.id
        )

    def test_read_by_oms_users_of_the_company_only(self):
        self.assertEqual(len(self._report(user=self.oms_user)), 4)
        self.assertEqual(
            len(
                self.env["oms.channel.stock.outage"]
                .with_user(self.oms_user)
                .search([("product_id", "=", self.product.id)])
            ),
            2,
        )
        other = self.env["res.company"].create({"name": "Outage Elsewhere"})
        outsider = new_test_user(
            self.env,
            login="oms_outage_other",
            groups="oms_multichannel.group_oms_multichannel_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self._report(user=outsider))
        self.assertFalse(
            self.env["oms.channel.stock.outage"].with_user(outsider).search([])
        )
        portal = new_test_user(
            self.env, login="oms_outage_portal", groups="base.group_portal"
        )
        salesman = new_test_user(
            self.env,
            login="oms_outage_salesman",
            groups="sales_team.group_sale_salesman",
        )
        for user in (portal, salesman):
            with self.assertRaises(AccessError):
                self._report(user=user)
            with self.assertRaises(AccessError):
                self.env["oms.channel.stock.outage"].with_user(user).search([])

    def test_dashboard_menu_opens_the_figures(self):
        menu = self.env.ref("oms_multichannel.menu_oms_analytics")
        actions = menu.child_id.mapped("action")
        self.assertIn(
            self.env.ref("oms_multichannel.oms_stock_outage_report_action"), actions
        )
        self.assertIn(
            self.env.ref("oms_multichannel.oms_sell_through_report_action"), actions
        )
        self.assertIn(self.env.ref("oms_multichannel.oms_order_report_action"), actions)
        for view_type in ("graph", "pivot", "list", "search"):
            self.env["oms.stock.outage.report"].get_view(view_type=view_type)
            self.env["oms.sell.through.report"].get_view(view_type=view_type)
