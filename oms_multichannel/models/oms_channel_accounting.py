# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError

ACCOUNTING_FIELDS = {
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

    _inherit = "oms.channel"

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
        tracking=True,
        help="Bank or cash journal standing for the money the channel holds for "
        "us: payments and refunds it reports are registered here, and its "
        "payouts clear it. Empty: channel payments are not registered.",
    )

    def write(self, vals):
        self._oms_check_accounting_write(vals)
        return super().write(vals)

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
