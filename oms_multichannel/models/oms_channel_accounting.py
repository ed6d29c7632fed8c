# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

ACCOUNTING_FIELDS = {
    "is_oms_accounting_manager",
    "oms_invoice_policy",
    "oms_invoice_journal_id",
    "oms_clearing_journal_id",
}
# Readers of the journals: billing users and up (not salesmen).
ACCOUNTING_READERS = "account.group_account_invoice"
ACCOUNTING_WRITER = "account.group_account_manager"
CHANNEL_MANAGER = "oms_multichannel.group_oms_multichannel_manager"


class OmsChannel(models.Model):
    """Accounting settings of a channel: how its orders are invoiced and paid."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    oms_invoice_policy = fields.Selection(
        [
            ("confirm", "At confirmation"),
            ("delivery", "At delivery"),
            ("none", "Not invoiced"),
        ],
        string="Invoicing Policy",
        required=True,
        default="none",
        tracking=True,
        help="At confirmation: the scheduled job invoices confirmed orders in "
        "full. At delivery: it invoices the delivered quantities. Not invoiced: "
        "the channel invoices the buyer itself (or invoices are made by hand).",
    )
    oms_invoice_journal_id = fields.Many2one(
        "account.journal",
        string="Invoice Journal",
        domain="[('type', '=', 'sale')]",
        check_company=True,
        groups=ACCOUNTING_READERS,
        # not copied: whoever copies a channel may not read them
        copy=False,
        tracking=True,
        help="Sales journal of this channel's invoices and credit notes; empty: "
        "the company's default sales journal.",
    )
    oms_clearing_journal_id = fields.Many2one(
        "account.journal",
        string="Clearing Journal",
        domain="[('type', 'in', ('bank', 'cash'))]",
        check_company=True,
        groups=ACCOUNTING_READERS,
        # not copied: whoever copies a channel may not read them
        copy=False,
        tracking=True,
        help="Bank or cash journal standing for the money the channel holds for "
        "us: payments and refunds it reports are registered here, and its "
        "payouts clear it. Empty: channel payments are not registered.",
    )

    is_oms_accounting_manager = fields.Boolean(
        compute="_compute_is_oms_accounting_manager"
    )

    def _compute_is_oms_accounting_manager(self):
        self.is_oms_accounting_manager = self.env.user.has_group(ACCOUNTING_WRITER)

    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        channels._oms_prepare_clearing_journals()
        return channels

    def write(self, vals):
        self._oms_check_accounting_write(vals)
        res = super().write(vals)
        if vals.get("oms_clearing_journal_id"):
            self._oms_prepare_clearing_journals()
        return res

    def _oms_prepare_clearing_journals(self):
        """Payments in a clearing journal post straight to its account (the
        money the channel holds): its payment methods without outstanding
        account get the journal's own account."""
        journals = self.sudo().oms_clearing_journal_id
        for journal in journals:
            methods = (
                journal.inbound_payment_method_line_ids
                | journal.outbound_payment_method_line_ids
            ).filtered(lambda method: not method.payment_account_id)
            if methods and journal.default_account_id:
                methods.payment_account_id = journal.default_account_id

    def _oms_check_accounting_write(self, vals):
        """Accounting settings are an accounting manager's; the rest the OMS
        manager's (accounting managers have write access for their part only)."""
        if self.env.su:
            return
        user = self.env.user
        touched = ACCOUNTING_FIELDS.intersection(vals)
        if touched and not user.has_group(ACCOUNTING_WRITER):
            raise AccessError(
                self.env._(
                    "Only accounting managers may change how a channel is "
                    "invoiced and paid."
                )
            )
        if set(vals) - ACCOUNTING_FIELDS and not user.has_group(CHANNEL_MANAGER):
            raise AccessError(
                self.env._("Only Order Management administrators may change channels.")
            )
