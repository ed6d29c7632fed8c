# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    oms_hold_policy = fields.Selection(
        [("off", "Off"), ("warn", "Warn"), ("block", "Block")],
        string="Stock Holds",
        default="warn",
        required=True,
        help="Off: order lines hold nothing. Warn: a line holds what the store "
        "has free and the cashier is warned of the rest. Block: a line cannot "
        "take more than the store has free.",
    )
    oms_hold_minutes = fields.Integer(
        string="Hold Expiry (minutes)",
        default=30,
        help="An order line's hold is released after this many minutes without "
        "activity on the line.",
    )
    oms_show_other_stores = fields.Boolean(
        string="Show Other Stores' Stock",
        default=True,
        help="Cashiers can look up what the company's other stores have free.",
    )

    _sql_constraints = [
        (
            "oms_hold_minutes_positive",
            "CHECK(oms_hold_minutes > 0)",
            "The hold expiry must be at least one minute.",
        ),
    ]
