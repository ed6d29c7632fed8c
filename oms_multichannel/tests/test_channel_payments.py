# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common_accounting import ChannelAccountingCommon


@tagged("post_install", "-at_install")
class TestChannelPayments(ChannelAccountingCommon):
    def _clearing_payments(self, invoice):
        return invoice._get_reconciled_payments().filtered(
            lambda pay: pay.journal_id == self.clearing_journal
        )

    def _clearing_balance(self):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.clearing_journal.default_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))

    def test_paid_order_is_paid_through_clearing(self):
        order = self._order("WEB-2001", status="paid")
        self._run(self.billing_user)
        invoice = order.invoice_ids
        self.assertEqual(invoice.payment_state, "paid")
        payment = self._clearing_payments(invoice)
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.amount, invoice.amount_total)
        self.assertEqual(payment.move_id.oms_channel_id, self.channel)
        self.assertAlmostEqual(self._clearing_balance(), invoice.amount_total)
        # nothing more on the next run
        self._run(self.billing_user)
        self.assertEqual(len(self._clearing_payments(invoice)), 1)

    def test_authorized_waits_for_capture(self):
        order = self._order("WEB-2002", status="authorized")
        self._run(self.billing_user)
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "not_paid")
        # the channel reports the capture (intake update of the order)
        order.with_user(self.oms_user).channel_payment_status = "paid"
        self._run(self.billing_user)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(len(self._clearing_payments(invoice)), 1)

    def test_partially_paid_registers_nothing(self):
        order = self._order("WEB-2003", status="partially_paid")
        self._run()
        self.assertEqual(order.invoice_ids.payment_state, "not_paid")

    def test_no_clearing_journal_no_payment(self):
        self.channel.oms_clearing_journal_id = False
        order = self._order("WEB-2004", status="paid")
        self._run()
        self.assertEqual(order.invoice_ids.payment_state, "not_paid")

    def test_marketplace_refund_goes_through_clearing(self):
        order = self._order("WEB-2005", status="paid")
        self._run()
        invoice = order.invoice_ids
        self.assertEqual(invoice.payment_state, "paid")
        order.channel_payment_status = "refunded"
        self._run(self.billing_user)
        credit_note = invoice.reversal_move_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.oms_channel_id, self.channel)
        self.assertEqual(credit_note.amount_total, invoice.amount_total)
        self.assertEqual(credit_note.payment_state, "paid")
        refund = self._clearing_payments(credit_note)
        self.assertEqual(refund.payment_type, "outbound")
        # the channel gave back what it took
        self.assertAlmostEqual(self._clearing_balance(), 0.0)
        # no second credit note, no new invoice for the credited quantities
        self._run()
        self.assertEqual(len(order.invoice_ids), 2)

    def test_refund_before_payment_settles_the_invoice(self):
        order = self._order("WEB-2006", status="authorized")
        self._run()
        invoice = order.invoice_ids
        order.channel_payment_status = "refunded"
        self._run()
        credit_note = invoice.reversal_move_ids
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(credit_note.payment_state, "paid")
        self.assertFalse(self._clearing_payments(credit_note))
        self.assertAlmostEqual(self._clearing_balance(), 0.0)

    def test_foreign_currency_order_posts_exchange_difference(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        company_currency = self.company.currency_id
        if company_currency == eur:
            eur = self.env.ref("base.USD")
            eur.active = True
        self.env["res.currency.rate"].search(
            [
                ("currency_id", "=", eur.id),
                ("company_id", "in", [self.company.id, False]),
            ]
        ).unlink()
        self.env["res.currency.rate"].create(
            [
                {"currency_id": eur.id, "name": "2026-01-10", "rate": 2.0},
                {"currency_id": eur.id, "name": "2026-01-20", "rate": 2.5},
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign", "currency_id": eur.id}
        )
        with freeze_time("2026-01-10"):
            order = self._order(
                "WEB-2007",
                lines=[(self.product_b, 1, 100.0)],
                status="authorized",
                pricelist_id=pricelist.id,
            )
            self.assertEqual(order.currency_id, eur)
            self._run(self.billing_user)
        invoice = order.invoice_ids
        self.assertEqual(invoice.currency_id, eur)
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertAlmostEqual(receivable.balance, 50.0)
        order.channel_payment_status = "paid"
        with freeze_time("2026-01-20"):
            self._run(self.billing_user)
        self.assertEqual(invoice.payment_state, "paid")
        payment = self._clearing_payments(invoice)
        self.assertEqual(payment.currency_id, eur)
        self.assertEqual(payment.amount, 100.0)
        exchange_journal = self.company.currency_exchange_journal_id
        exchange = receivable.full_reconcile_id.reconciled_line_ids.move_id.filtered(
            lambda move: move.journal_id == exchange_journal
        )
        self.assertTrue(exchange, "Odoo posted the exchange difference")
        self.assertAlmostEqual(
            sum(
                exchange.line_ids.filtered(
                    lambda line: line.account_id == receivable.account_id
                ).mapped("balance")
            ),
            -10.0,
        )
