# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class OmsChannelStockDrift(models.Model):
    """A quantity a channel had wrong although no stock change was pending.

    Written by the full reconciliation; many of them point at a stock change
    that does not go through the hooks (SQL scripts, a module bypassing moves).
    """

    _name = "oms.channel.stock.drift"
    _description = "Channel Stock Drift"
    _order = "date desc, id desc"
    _rec_name = "product_id"

    channel_id = fields.Many2one(
        "oms.channel", required=True, readonly=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    exported_qty = fields.Integer(
        string="Channel Had", readonly=True, help="Last quantity pushed."
    )
    ats = fields.Integer(string="Should Have", readonly=True)
    difference = fields.Integer(compute="_compute_difference", store=True)

    @api.depends("exported_qty", "ats")
    def _compute_difference(self):
        for drift in self:
            drift.difference = drift.ats - drift.exported_qty
