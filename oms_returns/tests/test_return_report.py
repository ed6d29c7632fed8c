# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnReport(ReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Known dataset: 10 jackets and 5 scarves delivered; 1 jacket back for
        # "changed mind", 2 for a defect, one draft request not counted.
        order_1 = cls._create_order([(cls.product_a, 4, 33.33, 0.0)], invoice=False)
        order_2 = cls._create_order(
            [(cls.product_a, 6, 33.33, 0.0), (cls.product_b, 5, 19.99, 0.0)],
            invoice=False,
        )
        cls._create_return([(order_1.order_line, 1, cls.reason_mind)]).action_approve()
        defect = cls._create_return([(order_2.order_line[0], 2, cls.reason_defect)])
        defect.action_approve()
        defect.action_receive()
        cls._create_return([(order_2.order_line[1], 1, cls.reason_mind)])
        cls.report = cls.env["oms.return.report"]
        cls.domain = [("product_id", "in", (cls.product_a | cls.product_b).ids)]

    def _rates(self, groupby, lazy=False):
        rows = self.report.read_group(
            self.domain,
            ["delivered_qty:sum", "returned_qty:sum", "return_rate:avg"],
            groupby,
            lazy=lazy,
        )
        return {
            tuple(
                row[g][0] if isinstance(row[g], tuple) else row[g] for g in groupby
            ): (row["delivered_qty"], row["returned_qty"], row["return_rate"])
            for row in rows
        }

    def test_return_rate_by_product(self):
        rates = self._rates(["product_id"])
        self.assertEqual(rates[(self.product_a.id,)][:2], (10.0, 3.0))
        self.assertAlmostEqual(rates[(self.product_a.id,)][2], 30.0)
        self.assertAlmostEqual(rates[(self.product_b.id,)][2], 0.0)

    def test_return_rate_by_channel_category_warehouse(self):
        for groupby, key in (
            ("channel_id", self.channel.id),
            ("categ_id", self.category.id),
            ("warehouse_id", self.central.id),
        ):
            delivered, returned, rate = self._rates([groupby])[(key,)]
            self.assertEqual((delivered, returned), (15.0, 3.0), groupby)
            self.assertAlmostEqual(rate, 20.0)

    def test_return_rate_by_reason_uses_all_deliveries(self):
        rates = self._rates(["product_id", "reason_id"])
        self.assertAlmostEqual(rates[(self.product_a.id, self.reason_mind.id)][2], 10.0)
        self.assertAlmostEqual(
            rates[(self.product_a.id, self.reason_defect.id)][2], 20.0
        )
        by_reason = self._rates(["reason_id"], lazy=True)
        self.assertAlmostEqual(by_reason[(self.reason_defect.id,)][2], 100 * 2 / 15)

    def test_return_rate_filtered_by_reason(self):
        rows = self.report.read_group(
            self.domain + [("reason_id", "=", self.reason_defect.id)],
            ["return_rate:avg"],
            ["product_id"],
            lazy=False,
        )
        rates = {row["product_id"][0]: row["return_rate"] for row in rows}
        self.assertEqual(list(rates), [self.product_a.id])
        self.assertAlmostEqual(rates[self.product_a.id], 20.0)

    def test_return_rate_by_month(self):
        rates = self._rates(["date:month"])
        self.assertEqual(len(rates), 1)
        ((delivered, returned, rate),) = rates.values()
        self.assertEqual((delivered, returned), (15.0, 3.0))
        self.assertAlmostEqual(rate, 20.0)

    def test_return_cost_and_comments_searchable(self):
        rows = self.report.search(
            self.domain + [("reason_id", "=", self.reason_defect.id)]
        )
        self.assertGreater(sum(rows.mapped("cost_amount")), 0.0)
        line = self.env["oms.return.line"].search(
            [("reason_id", "=", self.reason_mind.id), ("state", "=", "approved")]
        )
        line.customer_comment = "colour looked different online"
        self.env.flush_all()
        found = self.report.search([("customer_comment", "ilike", "colour looked")])
        self.assertEqual(found.return_id, line.return_id)

    def test_several_deliveries_and_lines_counted_once(self):
        belt = self._create_product("Test Belt", 12.0)
        cap = self._create_product("Test Cap", 8.0)
        for product in belt | cap:
            self.env["stock.quant"]._update_available_quantity(
                product, self.central.lot_stock_id, 10.0
            )
        order = self._create_order(
            [(belt, 3, 12.0, 0.0), (cap, 2, 8.0, 0.0)], deliver=False, invoice=False
        )
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = 1.0
            move.picked = True
        picking.with_context(cancel_backorder=False)._action_done()
        self._deliver(order)
        line_belt, line_cap = order.order_line
        ret = self._create_return(
            [(line_belt, 2, self.reason_mind), (line_cap, 2, self.reason_wrong)]
        )
        ret.action_approve()
        # Both units of each line came from two deliveries.
        self.assertEqual(len(ret.picking_ids), 2)
        ret.action_receive()
        rows = self.report.read_group(
            [("product_id", "in", (belt | cap).ids)],
            ["delivered_qty:sum", "returned_qty:sum", "return_rate:avg"],
            ["order_id"],
            lazy=False,
        )
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual((row["delivered_qty"], row["returned_qty"]), (5.0, 4.0))
        self.assertAlmostEqual(row["return_rate"], 80.0)
        self.domain = [("product_id", "in", (belt | cap).ids)]
        rates = self._rates(["product_id"])
        self.assertEqual(rates[(belt.id,)][:2], (3.0, 2.0))
        self.assertEqual(rates[(cap.id,)][:2], (2.0, 2.0))
