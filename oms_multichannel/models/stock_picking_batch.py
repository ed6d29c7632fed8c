# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPickingBatch(models.Model):
    _inherit = "stock.picking.batch"

    oms_box_ids = fields.One2many(
        "oms.picking.box", "batch_id", string="Suggested Boxes"
    )
    oms_cutoff = fields.Datetime(
        string="Carrier Cut-off",
        readonly=True,
        copy=False,
        help="The wave must be packed before the carrier collects.",
    )
    oms_carrier_id = fields.Many2one(
        "delivery.carrier", string="Carrier", readonly=True, copy=False
    )

    def action_oms_suggest_boxes(self):
        """Suggest boxes for every delivery of the batch (a person's choice kept)."""
        self.picking_ids._oms_suggest_boxes()
        return True

    def action_oms_print_fulfilment(self):
        return self.env.ref(
            "oms_multichannel.action_report_oms_fulfilment_batch"
        ).report_action(self, config=False)

    def action_oms_pick_walk(self):
        """The batch's operations in walking order."""
        self.ensure_one()
        self.move_line_ids._oms_set_walk_sequence()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "oms_multichannel.stock_move_line_action_oms_walk"
        )
        action["domain"] = [("id", "in", self.move_line_ids.ids)]
        action["display_name"] = self.env._("Pick Walk of %s", self.name)
        return action
