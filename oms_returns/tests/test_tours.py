# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnTours(ReturnsCommon, HttpCase):
    """Return flows clicked through in a real browser (headless Chromium)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_user = new_test_user(
            cls.env,
            login="oms_return_tour",
            groups="oms_returns.group_oms_returns_manager,stock.group_stock_user,"
            "sales_team.group_sale_salesman_all_leads,account.group_account_invoice",
        )
        cls.env["oms.return.reason"].create(
            {"code": "T-TOUR", "name": "Tour Wrong Size", "disposition": "restock"}
        )

    def test_tour_return_to_refund_with_credit_note(self):
        order = self._create_order([(self.product_a, 2, 40.0, 0.0)])
        self.start_tour(
            "/odoo/action-sale.action_orders/%s" % order.id,
            "oms_return_refund",
            login=self.tour_user.login,
        )
        ret = self.env["oms.return"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(ret.state, "done")
        self.assertEqual(ret.line_ids.reason_id.name, "Tour Wrong Size")
        self.assertEqual(ret.credit_note_ids.state, "posted")
