# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

SETTLEMENT_FIELDS = {"oms_settlement_journal_id", "oms_settlement_account_ids"}
ACCOUNTING_READERS = "account.group_account_invoice"
ACCOUNTING_WRITER = "account.group_account_manager"


class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    oms_settlement_journal_id = fields.Many2one(
        "account.journal",
        string="Settlement Journal",
        domain="[('type', '=', 'general')]",
        check_company=True,
        groups=ACCOUNTING_READERS,
        # not copied: whoever copies a channel may not read them
        copy=False,
        tracking=True,
        help="Miscellaneous journal of the entries of this channel's settlements "
        "and payouts; empty: the company's first miscellaneous journal.",
    )
    oms_settlement_account_ids = fields.One2many(
        "oms.settlement.account",
        "channel_id",
        string="Settlement Accounts",
        groups=ACCOUNTING_READERS,
    )

    def _oms_check_accounting_write(self, vals):
        # the settlement settings are accounting settings too
        touched = SETTLEMENT_FIELDS.intersection(vals)
        if (
            touched
            and not self.env.su
            and not self.env.user.has_group(ACCOUNTING_WRITER)
        ):
            raise AccessError(
                self.env._("Only accounting managers may change settlement settings.")
            )
        rest = {key: value for key, value in vals.items() if key not in touched}
        if touched and not rest:
            return None
        return super()._oms_check_accounting_write(rest)

    def _oms_settlement_journal(self):
        self.ensure_one()
        journal = self.oms_settlement_journal_id or self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "general"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "Company %(company)s has no miscellaneous journal for the "
                    "settlements of %(channel)s: set the channel's Settlement Journal.",
                    company=self.company_id.display_name,
                    channel=self.display_name,
                )
            )
        return journal
