# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from oms_domain.waves import Stop, walk_rank


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    oms_walk_sequence = fields.Integer(
        string="Walk Order",
        copy=False,
        help="Position of the line's location on the suggested walk through the "
        "warehouse: corridor by corridor (S-shape), then by location name.",
    )

    def _oms_set_walk_sequence(self):
        """Number these lines in walking order of their source locations."""
        locations = self.location_id
        rank = walk_rank(
            [
                Stop(loc.id, loc.complete_name or "", loc.posx, loc.posy, loc.posz)
                for loc in locations
            ]
        )
        by_sequence = {}
        for line in self:
            sequence = rank.get(line.location_id.id, 0)
            if line.oms_walk_sequence != sequence:
                by_sequence.setdefault(sequence, []).append(line.id)
        for sequence, ids in by_sequence.items():
            self.browse(ids).oms_walk_sequence = sequence
