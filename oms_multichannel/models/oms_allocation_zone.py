# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from oms_domain.allocation import Zone


class OmsAllocationZone(models.Model):
    _name = "oms.allocation.zone"
    _description = "Allocation Ship-to Zone"
    _order = "rule_id, sequence, id"
    _check_company_auto = True

    rule_id = fields.Many2one(
        "oms.allocation.rule", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many(
        "res.country.state",
        string="States",
        domain="[('country_id', 'in', country_ids)]",
    )
    zip_prefixes = fields.Char(
        help="Comma-separated beginnings of zip codes, e.g. '100, 101'.",
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Preferred Locations",
        check_company=True,
        help="Locations preferred for this zone, best first by fulfilment priority.",
    )

    def _to_engine_zone(self):
        self.ensure_one()
        warehouses = self.warehouse_ids.sorted(
            lambda w: (w.oms_fulfilment_priority, w.name, w.id)
        )
        prefixes = [p.strip() for p in (self.zip_prefixes or "").split(",")]
        return Zone(
            name=self.name,
            location_keys=tuple(warehouses.ids),
            countries=frozenset(self.country_ids.ids),
            states=frozenset(self.state_ids.ids),
            zip_prefixes=tuple(p for p in prefixes if p),
        )
