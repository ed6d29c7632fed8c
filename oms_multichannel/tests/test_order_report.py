# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestOrderReport(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product, 10)
        cls.shipped = cls._order(qty=4)
        cls.shipped.action_confirm()
        cls.shipped.picking_ids.button_validate()
        cls.waiting = cls._order(qty=2)
        cls.waiting.action_confirm()
        cls.held = cls._order(qty=1)
        cls.held.oms_exception = "Address to check"
        cls.draft = cls._order(qty=1)  # a quotation is no channel order yet

    @classmethod
    def _order(cls, qty):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": cls.channel.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": qty})
                ],
            }
        )

    def _rows(self, user=None):
        report = self.env["oms.order.report"]
        if user:
            report = report.with_user(user)
        return report.search([("channel_id", "=", self.channel.id)])

    def test_one_row_per_channel_order_with_its_figures(self):
        rows = self._rows()
        self.assertEqual(rows.order_id, self.shipped | self.waiting | self.held)
        shipped = rows.filtered(lambda r: r.order_id == self.shipped)
        self.assertEqual(shipped.revenue, self.shipped.amount_untaxed)
        self.assertEqual(shipped.units_delivered, 4)
        self.assertEqual(shipped.sell_through, 100.0)
        self.assertTrue(shipped.shipped_date)
        self.assertGreaterEqual(shipped.lead_time_hours, 0.0)
        held = rows.filtered(lambda r: r.order_id == self.held)
        self.assertEqual(held.exception_count, 1)

    def test_returned_units_and_rate(self):
        picking = self.shipped.picking_ids
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1
        returned = wizard._create_return()
        returned.button_validate()
        groups = self.env["oms.order.report"].read_group(
            [("channel_id", "=", self.channel.id)],
            ["order_count:sum", "returned_count:sum", "return_rate:avg", "revenue"],
            ["channel_id"],
        )
        self.assertEqual(groups[0]["order_count"], 3)
        self.assertEqual(groups[0]["returned_count"], 1)
        self.assertAlmostEqual(groups[0]["return_rate"], 100 / 3)
        self.assertEqual(
            groups[0]["revenue"],
            sum((self.shipped | self.waiting | self.held).mapped("amount_untaxed")),
        )
        shipped = self._rows().filtered(lambda r: r.order_id == self.shipped)
        self.assertEqual(shipped.units_returned, 1)

    def test_late_orders(self):
        self.waiting.commitment_date = "2020-01-01 10:00:00"
        self.env.flush_all()
        late = self._rows().filtered("late_count")
        self.assertEqual(late.order_id, self.waiting)
        self.assertEqual(late.late_rate, 100.0)

    def test_every_row_opens_its_order(self):
        row = self._rows()[:1]
        action = row.action_oms_open_order()
        self.assertEqual(action["res_id"], row.order_id.id)

    def test_read_by_oms_users_of_the_company_only(self):
        self.assertEqual(len(self._rows(self.oms_user)), 3)
        other = self.env["res.company"].create({"name": "Report Elsewhere"})
        outsider = new_test_user(
            self.env,
            login="oms_report_other",
            groups="oms_multichannel.group_oms_multichannel_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self._rows(outsider))
        salesman = new_test_user(
            self.env,
            login="oms_report_salesman",
            groups="sales_team.group_sale_salesman",
        )
        with self.assertRaises(AccessError):
            self._rows(salesman)
