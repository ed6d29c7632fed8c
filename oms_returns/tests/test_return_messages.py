# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Errors of the domain package reach users worded by the addon, never as the
package's English text."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from oms_domain.returns import ReturnError, ReturnErrorCode

from .common import ReturnsCommon

DOMAIN_TEXTS = (
    "A return window cannot be negative.",
    "A restocking fee is a percentage between 0 and 100.",
    "A fee cannot be negative.",
)


@tagged("post_install", "-at_install")
class TestReturnMessages(ReturnsCommon):
    def test_every_error_code_has_its_message(self):
        values = {
            "days": -3,
            "percent": 120,
            "quantity": 5,
            "allocated": 2,
            "fee": -1,
        }
        line_model = self.env["oms.return.line"]
        generic = line_model._oms_domain_error_message(ValueError("x"))
        messages = set()
        for code in ReturnErrorCode:
            message = line_model._oms_domain_error_message(
                ReturnError(code, "english text", **values)
            )
            self.assertNotEqual(message, generic, code)
            self.assertNotIn("english text", message)
            messages.add(message)
        self.assertEqual(len(messages), len(ReturnErrorCode))

    def test_channel_policy_checked_when_saved(self):
        with self.assertRaisesText(ValidationError, "0 for no limit"):
            self.channel.return_window_days = -5
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            self.channel.restocking_fee_percent = 150
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.channel.return_shipping_fee = -4.95
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.channel.return_shipping_cost = -1

    def test_category_policy_checked_when_saved(self):
        # Ignored values are not checked until the category's policy is on.
        self.category.oms_restocking_fee_percent = 200
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            self.category.oms_return_policy = True
        with self.assertRaisesText(ValidationError, "0 for no limit"):
            self.category.write(
                {
                    "oms_return_policy": True,
                    "oms_restocking_fee_percent": 10,
                    "oms_return_window_days": -1,
                }
            )

    def test_bad_stored_values_give_a_worded_error(self):
        # Values stored before the checks existed (or by SQL) reach the domain
        # package at approval and settlement: the user reads the addon's words.
        order = self._create_order([(self.product_a, 2, 33.33, 0.0)])
        ret = self._create_return([(order.order_line, 1, self.reason_mind)])
        self.env.cr.execute(
            SQL(
                "UPDATE oms_channel SET return_window_days = -2 WHERE id = %s",
                self.channel.id,
            )
        )
        self.channel.invalidate_recordset()
        with self.assertRaises(UserError) as caught:
            ret.action_approve()
        self.assertIn("0 for no limit", str(caught.exception))
        self.channel.return_window_days = 30
        ret.action_approve()
        ret.action_receive()
        self.env.cr.execute(
            SQL(
                "UPDATE oms_channel SET return_shipping_fee = -4 WHERE id = %s",
                self.channel.id,
            )
        )
        self.channel.invalidate_recordset()
        with self.assertRaises(UserError) as caught:
            ret.action_settle()
        message = str(caught.exception)
        self.assertIn("return shipping fee of the sales channel", message)
        for text in DOMAIN_TEXTS:
            self.assertNotIn(text, message)
        self.assertEqual(ret.state, "received")
