# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsAllocationCandidate(models.Model):
    _name = "oms.allocation.candidate"
    _description = "Allocation Candidate Location"
    _order = "trace_id, sequence, id"

    trace_id = fields.Many2one(
        "oms.allocation.trace", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="trace_id.company_id", store=True)
    sequence = fields.Integer()
    warehouse_id = fields.Many2one("stock.warehouse", string="Location")
    supplier_id = fields.Many2one(
        "res.partner",
        string="Dropship Supplier",
        help="Vendor that ships what no location could, straight to the customer.",
    )
    status = fields.Selection(
        [("chosen", "Chosen"), ("lost", "Not chosen"), ("ineligible", "Ineligible")],
        required=True,
    )
    score = fields.Float(
        string="Score (higher is better)",
        digits=(16, 2),
        help="Points for stock covered (0-50), ship-to zone (0-100), closeness to "
        "the customer (0-100) and fulfilment priority (0-50): higher is better. A "
        "location with a higher score can still lose, e.g. when it cannot ship the "
        "whole order: the reason says why.",
    )
    score_detail = fields.Char(
        help="Points for stock covered, ship-to zone, distance and priority.",
    )
    distance_km = fields.Float(string="Distance (km)", digits=(16, 1))
    zone = fields.Char()
    stock_snapshot = fields.Text(
        string="Stock",
        help="Ordered products available at this location when allocating, and "
        "how many could be used after the safety stock.",
    )
    reason = fields.Char(help="Why it was chosen or why it lost.")
