# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def _process_order(self, order, existing_order):
        order_id = super()._process_order(order, existing_order)
        self.env["oms.pos.hold"]._oms_orders_synced(self.browse(order_id))
        return order_id

    def action_pos_order_cancel(self):
        res = super().action_pos_order_cancel()
        self.env["oms.pos.hold"]._oms_orders_synced(self)
        return res
