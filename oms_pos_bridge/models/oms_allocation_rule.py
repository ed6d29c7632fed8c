# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class OmsAllocationRule(models.Model):
    _inherit = "oms.allocation.rule"

    def _eligible_warehouses(self, order):
        # The customer chose where to collect: that store or nothing.
        if order.oms_pickup_warehouse_id:
            self.ensure_one()
            return order.oms_pickup_warehouse_id
        return super()._eligible_warehouses(order)
