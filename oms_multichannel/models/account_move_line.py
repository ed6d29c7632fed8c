# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

PROFIT_ROLES = [
    ("revenue", "Revenue"),
    ("cogs", "Cost of Goods"),
    ("fee", "Fee"),
    ("refund", "Refund"),
    ("shipping", "Shipping"),
    ("reserve", "Reserve"),
    ("adjustment", "Adjustment"),
    ("payout", "Payout"),
    ("suspense", "Suspense"),
]


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oms_channel_id = fields.Many2one(
        related="move_id.oms_channel_id",
        store=True,
        index="btree_not_null",
    )
    oms_profit_role = fields.Selection(
        PROFIT_ROLES,
        string="Channel Profit Role",
        index="btree_not_null",
        copy=True,
        help="What this line is in the channel profitability report; set by the "
        "code that creates the line (settlements, fees, clearing payments).",
    )
