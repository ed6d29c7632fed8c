# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnClearing(ReturnsCommon):
    """Refunds of returns of channels paid through a clearing journal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clearing_journal = cls.env["account.journal"].create(
            {"name": "Returns Clearing", "code": "TRCLR", "type": "bank"}
        )
        cls.channel.write(
            {
                "oms_invoice_policy": "confirm",
                "oms_clearing_journal_id": cls.clearing_journal.id,
            }
        )

    def _settle(self, ret):
        ret.action_approve()
        ret.action_receive()
        ret.with_user(self.returns_manager).action_settle()
        return ret

    def _paid_order(self):
        order = self._create_order([(self.product_a, 3, 33.33, 0.0)], invoice=False)
        order.channel_payment_status = "paid"
        self.env["sale.order"]._oms_channel_accounting_batch(limit=None)
        self.assertEqual(order.invoice_ids.payment_state, "paid")
        return order

    def _clearing_balance(self):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.clearing_journal.default_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))

    def test_return_refund_goes_through_clearing(self):
        order = self._paid_order()
        invoice = order.invoice_ids
        paid_in = self._clearing_balance()
        self.assertAlmostEqual(paid_in, invoice.amount_total)
        ret = self._settle(
            self._create_return([(order.order_line, 1, self.reason_wrong)])
        )
        credit_note = ret.credit_note_ids
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.oms_channel_id, self.channel)
        self.assertEqual(credit_note.payment_state, "paid")
        refund = credit_note._get_reconciled_payments()
        self.assertEqual(refund.journal_id, self.clearing_journal)
        self.assertEqual(refund.payment_type, "outbound")
        self.assertAlmostEqual(
            self._clearing_balance(), paid_in - credit_note.amount_total
        )
        # invoiced at confirmation: the return lowers the ordered quantity, so
        # the channel invoicing job does not invoice the returned unit again
        self.assertEqual(order.order_line.qty_to_invoice, 0.0)
        self.env["sale.order"]._oms_channel_accounting_batch(limit=None)
        self.assertEqual(len(order.invoice_ids), 2)

    def test_unpaid_invoice_refund_is_not_paid_out(self):
        order = self._create_order([(self.product_a, 2, 33.33, 0.0)], invoice=False)
        order.channel_payment_status = "pending"
        self.env["sale.order"]._oms_channel_accounting_batch(limit=None)
        self.assertEqual(order.invoice_ids.payment_state, "not_paid")
        ret = self._settle(
            self._create_return([(order.order_line, 1, self.reason_wrong)])
        )
        self.assertFalse(ret.credit_note_ids._get_reconciled_payments())
        self.assertAlmostEqual(self._clearing_balance(), 0.0)
