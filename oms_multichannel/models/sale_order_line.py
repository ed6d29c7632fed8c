# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.depends("order_id.channel_id")
    def _compute_analytic_distribution(self):
        res = super()._compute_analytic_distribution()
        for line in self:
            channel = line.order_id.channel_id
            if channel.analytic_distribution and not line.analytic_distribution:
                line.analytic_distribution = channel.analytic_distribution
        return res
