# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnPolicy(ReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-05 10:00:00"):
            cls.order = cls._create_order([(cls.product_a, 2, 33.33, 0.0)])
        cls.sale_line = cls.order.order_line

    def test_return_inside_window_accepted(self):
        with freeze_time("2026-02-04 10:00:00"):
            ret = self._create_return([(self.sale_line, 1, self.reason_mind)])
            ret.action_approve()
        self.assertEqual(ret.state, "approved")

    def test_return_outside_window_refused(self):
        with freeze_time("2026-02-10 10:00:00"):
            ret = self._create_return([(self.sale_line, 1, self.reason_mind)])
            with self.assertRaises(UserError) as caught:
                ret.action_approve()
        message = str(caught.exception)
        self.assertIn("30-day return window closed on", message)
        self.assertIn("01/05/2026", message)
        self.assertIn("02/04/2026", message)
        self.assertEqual(ret.state, "draft")
        self.assertFalse(ret.picking_ids)

    def test_window_counts_until_the_request(self):
        with freeze_time("2026-02-03 10:00:00"):
            ret = self._create_return([(self.sale_line, 1, self.reason_mind)])
        with freeze_time("2026-02-20 10:00:00"):
            ret.action_approve()
        self.assertEqual(ret.state, "approved")

    def test_manager_exception_accepts_late_return(self):
        with freeze_time("2026-02-10 10:00:00"):
            ret = self._create_return(
                [(self.sale_line, 1, self.reason_mind)], policy_override=True
            )
            ret.action_approve()
        self.assertEqual(ret.state, "approved")

    def test_category_window_overrides_channel(self):
        self.category.write({"oms_return_policy": True, "oms_return_window_days": 60})
        with freeze_time("2026-02-10 10:00:00"):
            ret = self._create_return([(self.sale_line, 1, self.reason_mind)])
            ret.action_approve()
        self.assertEqual(ret.state, "approved")
        self.category.oms_return_window_days = 7
        with freeze_time("2026-01-20 10:00:00"):
            late = self._create_return([(self.sale_line, 1, self.reason_mind)])
            with self.assertRaisesText(UserError, "7-day return window"):
                late.action_approve()

    def test_final_sale_product_refused(self):
        self.product_a.oms_returnable = False
        with freeze_time("2026-01-10"):
            ret = self._create_return([(self.sale_line, 1, self.reason_mind)])
            with self.assertRaisesText(UserError, "final-sale product"):
                ret.action_approve()

    def test_reason_requiring_comment(self):
        self.reason_damaged.comment_required = True
        with freeze_time("2026-01-10"):
            ret = self._create_return([(self.sale_line, 1, self.reason_damaged)])
            with self.assertRaisesText(UserError, "needs a comment"):
                ret.action_approve()
            ret.line_ids.customer_comment = "Box crushed, sleeve torn."
            ret.action_approve()
        self.assertEqual(ret.state, "approved")

    def test_not_delivered_refused(self):
        order = self._create_order(
            [(self.product_a, 1, 33.33, 0.0)], deliver=False, invoice=False
        )
        with self.assertRaisesText(Exception, "more than was delivered"):
            self._create_return([(order.order_line, 1, self.reason_mind)])
