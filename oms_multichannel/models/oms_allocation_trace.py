# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

TRIGGERS = [
    ("confirm", "Order confirmed"),
    ("change", "Order changed"),
    ("reallocate", "Re-allocated by hand"),
    ("cron", "Scheduled job"),
    ("store_failed", "Location could not ship"),
]


class OmsAllocationTrace(models.Model):
    _name = "oms.allocation.trace"
    _description = "Allocation Trace"
    _order = "date desc, id desc"
    _rec_name = "summary"

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    rule_id = fields.Many2one("oms.allocation.rule", readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    trigger = fields.Selection(TRIGGERS, required=True, readonly=True)
    summary = fields.Char(readonly=True)
    candidate_ids = fields.One2many(
        "oms.allocation.candidate", "trace_id", string="Candidates", readonly=True
    )
    line_ids = fields.One2many(
        "oms.allocation.line", "trace_id", string="Allocations", readonly=True
    )
    # Columns without data are hidden (no coordinates: no distance).
    show_distance = fields.Boolean(compute="_compute_show_columns")
    show_zone = fields.Boolean(compute="_compute_show_columns")

    @api.depends("candidate_ids.distance_km", "candidate_ids.zone")
    def _compute_show_columns(self):
        for trace in self:
            trace.show_distance = any(trace.candidate_ids.mapped("distance_km"))
            trace.show_zone = any(trace.candidate_ids.mapped("zone"))
