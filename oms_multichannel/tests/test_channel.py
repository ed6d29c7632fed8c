# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestChannel(OmsCommon):
    def test_code_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["oms.channel"].create({"name": "Dup", "code": "TWEB"})
        other_company = self.env["res.company"].create({"name": "OMS Other Co"})
        twin = self.env["oms.channel"].create(
            {"name": "Twin", "code": "TWEB", "company_id": other_company.id}
        )
        self.assertEqual(twin.code, self.channel.code)

    def test_channel_settings_flow_into_the_order(self):
        pricelist = self.env["product.pricelist"].create({"name": "Channel prices"})
        term = self.env.ref("account.account_payment_term_30days")
        other_wh = self.env["stock.warehouse"].create(
            {"name": "OMS Store", "code": "OMST"}
        )
        self.channel.write(
            {
                "pricelist_id": pricelist.id,
                "payment_term_id": term.id,
                "warehouse_ids": [(6, 0, (other_wh | self.warehouse).ids)],
            }
        )
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "channel_id": self.channel.id}
        )
        self.assertEqual(order.pricelist_id, pricelist)
        self.assertEqual(order.payment_term_id, term)
        self.assertEqual(order.warehouse_id, other_wh)

    def test_dashboard_counts(self):
        self._set_stock(self.product, 10)
        orders = self.env["sale.order"]
        for _index in range(3):
            orders |= self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "channel_id": self.channel.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                }
            )
        orders[0].action_confirm()
        orders[1].write(
            {
                "oms_exception": "Address unknown",
                "commitment_date": fields.Datetime.now() - timedelta(days=2),
            }
        )
        orders[2].commitment_date = fields.Datetime.now() - timedelta(days=1)
        self._intake(self._order_data("EXT-BAD", currency="XTS"))
        self.channel.invalidate_recordset()
        self.assertEqual(self.channel.order_count, 3)
        self.assertEqual(self.channel.to_process_count, 2)
        self.assertEqual(self.channel.late_count, 1)
        # One order in exception plus one intake that produced no order.
        self.assertEqual(self.channel.exception_count, 2)
        action = self.channel.action_view_to_process()
        self.assertEqual(
            self.env["sale.order"].search(action["domain"]), orders[0] | orders[2]
        )
