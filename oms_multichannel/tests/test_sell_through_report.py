# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestSellThroughReport(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env["stock.warehouse"].create(
            {"name": "Sell-Through Store", "code": "STST"}
        )
        cls.store_channel = cls.env["oms.channel"].create(
            {
                "name": "Test Store",
                "code": "TSTORE",
                "channel_type": "store",
                "warehouse_ids": [(6, 0, cls.store.ids)],
            }
        )
        cls._set_stock(cls.product, 10)
        cls._set_stock(cls.product, 5, cls.store.lot_stock_id)
        cls.ten_days_ago = fields.Datetime.now() - timedelta(days=10)
        cls.web_order = cls._order(cls.channel, cls.warehouse, 4)
        cls.store_order = cls._order(cls.store_channel, cls.store, 1)
        cls.draft = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": cls.channel.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 7})
                ],
            }
        )

    @classmethod
    def _order(cls, channel, warehouse, qty):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": channel.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        order.picking_ids.button_validate()
        order.date_order = cls.ten_days_ago
        return order

    def _groups(self, domain=(), groupby=("channel_id",), user=None, lazy=True):
        report = self.env["oms.sell.through.report"]
        if user:
            report = report.with_user(user)
        return report.read_group(
            [("product_id", "=", self.product.id), *domain],
            ["units_sold:sum", "units_on_hand:sum", "sell_through:avg"],
            list(groupby),
            lazy=lazy,
        )

    def test_one_row_per_confirmed_line(self):
        rows = self.env["oms.sell.through.report"].search(
            [("product_id", "=", self.product.id)]
        )
        self.assertEqual(rows.order_id, self.web_order | self.store_order)
        self.assertEqual(sum(rows.mapped("units_sold")), 5)

    def test_sold_over_sold_and_on_hand_now(self):
        by_channel = {g["channel_id"][0]: g for g in self._groups()}
        web = by_channel[self.channel.id]
        self.assertEqual(web["units_sold"], 4)
        self.assertEqual(web["units_on_hand"], 6)  # 10 - 4 delivered
        self.assertAlmostEqual(web["sell_through"], 40.0)
        store = by_channel[self.store_channel.id]
        self.assertAlmostEqual(store["sell_through"], 100 * 1 / (1 + 4))
        total = self._groups(groupby=())[0]
        self.assertAlmostEqual(total["sell_through"], 100 * 5 / (5 + 10))

    def test_on_hand_at_the_end_of_a_past_period(self):
        # The deliveries left today: five days ago the stock was still there.
        end = fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=5))
        groups = self._groups(
            [
                ("date", ">=", self.ten_days_ago - timedelta(days=1)),
                ("date", "<=", end),
            ],
            groupby=("warehouse_id",),
        )
        by_warehouse = {g["warehouse_id"][0]: g for g in groups}
        self.assertEqual(by_warehouse[self.warehouse.id]["units_on_hand"], 10)
        self.assertAlmostEqual(
            by_warehouse[self.warehouse.id]["sell_through"], 100 * 4 / 14
        )

    def test_several_groupbys_and_months(self):
        groups = self._groups(groupby=("date:month", "warehouse_id"), lazy=False)
        self.assertEqual(sum(g["units_sold"] for g in groups), 5)
        self.assertEqual(sum(g["units_on_hand"] for g in groups), 10)

    def test_every_row_opens_its_order(self):
        row = self.env["oms.sell.through.report"].search(
            [("order_id", "=", self.web_order.id)]
        )
        self.assertEqual(row.sale_line_id, self.web_order.order_line)
        action = row.action_oms_open_sale_line()
        self.assertEqual(action["res_id"], self.web_order.id)

    def test_read_by_oms_users_of_the_company_only(self):
        self.assertTrue(self._groups(user=self.oms_user))
        other = self.env["res.company"].create({"name": "Sell-Through Elsewhere"})
        outsider = new_test_user(
            self.env,
            login="oms_sell_other",
            groups="oms_multichannel.group_oms_multichannel_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self._groups(user=outsider))
        portal = new_test_user(
            self.env, login="oms_sell_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self._groups(user=portal)
