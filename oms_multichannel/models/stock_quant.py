# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model_create_multi
    def create(self, vals_list):
        quants = super().create(vals_list)
        quants.filtered("quantity")._oms_mark_dirty()
        return quants

    def write(self, vals):
        res = super().write(vals)
        if "quantity" in vals:
            self._oms_mark_dirty()
        return res

    def _oms_mark_dirty(self):
        # Moves flag their own pairs once per batch (see stock.move).
        if self and not self.env.context.get("oms_stock_hooks_off"):
            self.env["oms.channel.stock"]._oms_mark_dirty(
                self.product_id, self.location_id
            )
