# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    oms_return_line_id = fields.Many2one(
        "oms.return.line",
        string="Return Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
