# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    oms_location_dest_id = fields.Many2one(
        "stock.location",
        help="Set by OMS returns: receive into this location instead of the "
        "delivering warehouse's.",
    )
    oms_picking_type_id = fields.Many2one(
        "stock.picking.type",
        help="Set by OMS returns: operation type of the receiving warehouse.",
    )

    def _prepare_picking_default_values(self):
        vals = super()._prepare_picking_default_values()
        if self.oms_picking_type_id:
            vals["picking_type_id"] = self.oms_picking_type_id.id
        if self.oms_location_dest_id:
            vals["location_dest_id"] = self.oms_location_dest_id.id
        return vals


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    oms_return_line_id = fields.Many2one("oms.return.line")

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.oms_return_line_id:
            vals["oms_return_line_id"] = self.oms_return_line_id.id
        return vals
