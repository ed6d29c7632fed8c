# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
