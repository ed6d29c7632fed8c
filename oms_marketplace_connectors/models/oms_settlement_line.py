# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .oms_settlement_account import ROLES


class OmsSettlementLine(models.Model):
    """One line of a settlement's journal entry: a role (and fee type) summed
    over the whole settlement, signed as a journal item (debit positive)."""

    _name = "oms.settlement.line"
    _description = "Settlement Line"
    _order = "settlement_id, id"

    settlement_id = fields.Many2one(
        "oms.settlement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="settlement_id.company_id", store=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    role = fields.Selection(ROLES, required=True)
    kind = fields.Char(help="What the amounts are at the source (sale, fee...).")
    fee_type = fields.Char()
    account_id = fields.Many2one("account.account", required=True)
    amount = fields.Monetary(help="Debit positive, credit negative.")
    problem = fields.Char(help="Why the line is on the suspense account.")
