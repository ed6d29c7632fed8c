# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnScreens(ReturnsCommon):
    """What the return screens offer and say."""

    def test_return_offered_only_when_something_is_returnable(self):
        delivered = self._create_order([(self.product_a, 2, 10.0, 0.0)])
        undelivered = self._create_order(
            [(self.product_a, 2, 10.0, 0.0)], deliver=False, invoice=False
        )
        self.assertTrue(delivered.oms_has_returnable)
        self.assertFalse(undelivered.oms_has_returnable)
        self._create_return([(delivered.order_line, 2, self.reason_wrong)])
        delivered.invalidate_recordset(["oms_has_returnable"])
        self.assertFalse(delivered.oms_has_returnable)
        with self.assertRaisesText(UserError, "Nothing delivered is left to return"):
            delivered.action_oms_create_return()

    def test_return_from_order_leaves_the_reason_to_the_user(self):
        order = self._create_order(
            [(self.product_a, 3, 10.0, 0.0), (self.product_b, 1, 5.0, 0.0)]
        )
        action = order.with_user(self.returns_user).action_oms_create_return()
        self.assertFalse(action.get("res_id"))
        self.assertFalse(
            self.env["oms.return"].search([("partner_id", "=", self.customer.id)])
        )
        form = Form(
            self.env["oms.return"]
            .with_user(self.returns_user)
            .with_context(**action["context"])
        )
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(len(form.line_ids), 2)
        for index in range(2):
            with form.line_ids.edit(index) as line:
                self.assertFalse(line.reason_id)
                line.reason_id = self.reason_wrong
        ret = form.save()
        self.assertEqual(ret.line_ids.mapped("quantity"), [3.0, 1.0])
        self.assertEqual(ret.line_ids.reason_id, self.reason_wrong)

    def test_money_outcome_of_a_refund_with_credit_note(self):
        order = self._create_order([(self.product_a, 2, 50.0, 0.0)])
        ret = self._create_return([(order.order_line, 1, self.reason_wrong)])
        self.assertIn("credit note for the invoiced goods", ret.money_outcome)
        ret.action_approve()
        ret.action_receive()
        ret.with_user(self.returns_manager).action_settle()
        self.assertEqual(ret.state, "done")
        note = ret.credit_note_ids
        self.assertEqual(ret.net_refund_amount, note.amount_total)
        self.assertIn("Refunded by credit note %s" % note.name, ret.money_outcome)

    def test_money_outcome_says_why_there_is_no_credit_note(self):
        order = self._create_order([(self.product_a, 2, 50.0, 0.0)], invoice=False)
        ret = self._create_return([(order.order_line, 1, self.reason_wrong)])
        self.assertIn("Nothing was invoiced for", ret.money_outcome)
        ret.action_approve()
        ret.action_receive()
        ret.with_user(self.returns_manager).action_settle()
        self.assertFalse(ret.credit_note_ids)
        self.assertIn(
            "No credit note: nothing of the returned goods was invoiced",
            ret.money_outcome,
        )
        self.assertIn(order.name, ret.money_outcome)

    def test_settle_refused_while_an_inspection_is_pending(self):
        order = self._create_order([(self.product_a, 2, 50.0, 0.0)])
        ret = self._create_return(
            [(order.order_line, 1, self.reason_damaged)], warehouse_id=self.store.id
        )
        ret.action_approve()
        ret.action_receive()
        self.assertEqual(ret.line_ids.inspection_state, "pending")
        with self.assertRaisesText(UserError, "decide Restock or Scrap"):
            ret.with_user(self.returns_manager).action_settle()
        self.assertEqual(ret.state, "received")
        ret.line_ids.action_inspect_restock()
        ret.with_user(self.returns_manager).action_settle()
        self.assertEqual(ret.state, "done")
