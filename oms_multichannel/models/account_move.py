# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    # Copied so that the reversal of a channel invoice stays on its channel.
    oms_channel_id = fields.Many2one(
        "oms.channel",
        string="Sales Channel",
        readonly=True,
        copy=True,
        index="btree_not_null",
        check_company=True,
        help="Channel of the order this entry invoices, pays or settles.",
    )

    # Channel payments through the clearing journal --------------------------

    def _oms_clearing_journal(self):
        self.ensure_one()
        return self.oms_channel_id.sudo().oms_clearing_journal_id

    def _oms_register_clearing_payment(self):
        """Pay the open amount of these posted invoices (inbound) or credit
        notes (outbound) in their channel's clearing journal.

        Odoo's payment registration does the work, so a payment in another
        currency or at another rate than the invoice's gets Odoo's exchange
        difference entry.
        """
        payments = self.env["account.payment"]
        for move in self:
            journal = move._oms_clearing_journal()
            if (
                not journal
                or move.state != "posted"
                or move.currency_id.is_zero(move.amount_residual)
            ):
                continue
            move = move.with_company(move.company_id)
            wizard = (
                self.env["account.payment.register"]
                .with_company(move.company_id)
                .with_context(active_model="account.move", active_ids=move.ids)
                .create(move._prepare_oms_clearing_payment_vals(journal))
            )
            if not wizard.payment_method_line_id.payment_account_id:
                raise UserError(
                    self.env._(
                        "Journal %(journal)s has no outstanding account on its "
                        "payment method %(method)s: channel payments cannot be "
                        "registered in it.",
                        journal=journal.display_name,
                        method=wizard.payment_method_line_id.name or "-",
                    )
                )
            new = wizard._create_payments()
            new.move_id.oms_channel_id = move.oms_channel_id
            payments |= new
        return payments

    def _prepare_oms_clearing_payment_vals(self, journal):
        self.ensure_one()
        return {
            "journal_id": journal.id,
            "payment_date": fields.Date.context_today(self),
            "communication": self.ref or self.name,
        }

    def _oms_refund_through_clearing(self, reason):
        """Credit these paid or open invoices in full: the credit note settles
        what is still open and pays back the rest through the clearing journal.
        """
        credit_notes = self.env["account.move"]
        for invoice in self:
            invoice = invoice.with_company(invoice.company_id)
            wizard = (
                self.env["account.move.reversal"]
                .with_company(invoice.company_id)
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create(
                    {
                        "reason": reason,
                        "journal_id": invoice.journal_id.id,
                        "date": fields.Date.context_today(self),
                    }
                )
            )
            wizard.refund_moves()
            credit_note = wizard.new_move_ids
            credit_note.action_post()
            open_lines = (invoice + credit_note).line_ids.filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            )
            if invoice.amount_residual and len(open_lines.move_id) == 2:
                open_lines.reconcile()
            credit_note._oms_register_clearing_payment()
            credit_notes |= credit_note
        return credit_notes

    def _oms_paid_through_clearing(self):
        """Whether a clearing payment of the channel is reconciled with this move."""
        self.ensure_one()
        journal = self._oms_clearing_journal()
        paid_by = self.sudo()._get_reconciled_payments().journal_id
        return bool(journal) and journal in paid_by
