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

    def _prepare_move_split_vals(self, qty):
        vals = super()._prepare_move_split_vals(qty)
        # A backorder of a return receipt still belongs to the return: without
        # the link its goods would count as a return made outside OMS.
        if self.oms_return_line_id:
            vals["oms_return_line_id"] = self.oms_return_line_id.id
        return vals
