# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPosDemand(TransactionCase):
    """Point of sale orders count in the demand forecast at their shop's
    warehouse; refunds count negative, lines settling a sale order not at all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.today = fields.Date.context_today(cls.env["oms.demand.forecast"])
        cls.store = cls.env["stock.warehouse"].create(
            {"name": "POS Forecast Store", "code": "POSF"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "POS Forecast Mug", "is_storable": True, "list_price": 10}
        )
        cls.config = cls.env["pos.config"].create(
            {"name": "Forecast Shop", "picking_type_id": cls.store.pos_type_id.id}
        )
        cls.session = cls.env["pos.session"].create(
            {"config_id": cls.config.id, "user_id": cls.env.uid}
        )

    def _pos_order(self, qty, back, **line_values):
        amount = 10.0 * qty
        return self.env["pos.order"].create(
            {
                "session_id": self.session.id,
                "company_id": self.company.id,
                "date_order": datetime.combine(
                    self.today - timedelta(days=back), time(11)
                ),
                "amount_tax": 0.0,
                "amount_total": amount,
                "amount_paid": amount,
                "amount_return": 0.0,
                "lines": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "qty": qty,
                            "price_unit": 10.0,
                            "price_subtotal": amount,
                            "price_subtotal_incl": amount,
                            **line_values,
                        },
                    )
                ],
            }
        )

    def _sales(self):
        return self.env["oms.demand.forecast"]._oms_daily_sales(
            self.company,
            self.product.ids,
            self.today - timedelta(days=10),
            self.today,
        )

    def test_paid_orders_and_refunds_count_at_the_shop_warehouse(self):
        sold = self._pos_order(3, back=2)
        refund = self._pos_order(-1, back=2)
        draft = self._pos_order(5, back=2)
        (sold | refund).write({"state": "paid"})
        self.assertEqual(draft.state, "draft")
        self.assertEqual(self._sales(), {(self.product.id, self.store.id): {8: 2.0}})

    def test_lines_settling_a_sale_order_are_not_counted_twice(self):
        partner = self.env["res.partner"].create({"name": "POS Settler"})
        sale = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        settled = self._pos_order(1, back=3, sale_order_origin_id=sale.id)
        settled.write({"state": "paid"})
        self.assertEqual(self._sales(), {})
