# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import dataclasses

from odoo import api, models


class OmsAllocationPlanner(models.AbstractModel):
    _inherit = "oms.allocation.planner"

    @api.model
    def _compute_plans(self, lines, quantities, rules, extra_stock=None):
        # Pickup orders are planned on their own: their store hands the goods
        # over at the counter even when it ships nothing.
        if self.env.context.get("oms_pickup_planning"):
            return super()._compute_plans(lines, quantities, rules, extra_stock)
        pickups = lines.filtered(lambda line: line.order_id.oms_pickup_warehouse_id)
        if not pickups:
            return super()._compute_plans(lines, quantities, rules, extra_stock)
        pickup_planner = self.with_context(oms_pickup_planning=True)
        plans, warehouses = super(OmsAllocationPlanner, pickup_planner)._compute_plans(
            pickups, quantities, rules, extra_stock
        )
        others = lines - pickups
        if others:
            more_plans, more_warehouses = super()._compute_plans(
                others, quantities, rules, extra_stock
            )
            plans += more_plans
            warehouses |= more_warehouses
        return plans, warehouses

    @api.model
    def _engine_location(self, warehouse, capacity_used):
        location = super()._engine_location(warehouse, capacity_used)
        if self.env.context.get("oms_pickup_planning") and not location.ships:
            location = dataclasses.replace(location, ships=True)
        return location
