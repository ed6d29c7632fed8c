# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    @api.model
    def _oms_held_quantities(self, products, locations):
        held = super()._oms_held_quantities(products, locations)
        pos_held = self.env["oms.pos.hold"]._oms_held_by_location(products, locations)
        for key, qty in pos_held.items():
            held[key] = held.get(key, 0.0) + qty
        return held
