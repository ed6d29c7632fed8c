# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .sale_order import ALLOCATION_READERS


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.depends("order_id.channel_id")
    def _compute_analytic_distribution(self):
        res = super()._compute_analytic_distribution()
        for line in self:
            channel = line.order_id.channel_id
            if channel.analytic_distribution and not line.analytic_distribution:
                line.analytic_distribution = channel.analytic_distribution
        return res

    # Allocation (store-level allocation rules) ---------------------------------------
    # Lines of orders whose channel has an allocation rule are planned by
    # oms.allocation.planner; each planned line launches one procurement per
    # (warehouse, quantity) so deliveries leave from the chosen locations.

    oms_backorder_qty = fields.Float(
        string="Held Quantity",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
        index=True,
        groups=ALLOCATION_READERS,
        help="Quantity (in the product's unit) no location could ship yet; the "
        "scheduled job and the Re-allocate button try again.",
    )
    oms_allocation_line_ids = fields.One2many(
        "oms.allocation.line",
        "sale_line_id",
        string="Allocations",
        copy=False,
        groups=ALLOCATION_READERS,
    )

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        if self.env.context.get("skip_procurement"):
            return super()._action_launch_stock_rule(previous_product_uom_qty)
        planned, allocations = self.env["oms.allocation.planner"]._plan_and_record(
            self, trigger=self.env.context.get("oms_allocation_trigger")
        )
        # Moves cancelled on the way (a decrease merged into a delivery) are not
        # a location failing to ship.
        return super(
            SaleOrderLine,
            self.with_context(
                oms_planned_line_ids=frozenset(planned.ids),
                oms_launch_allocation_ids=frozenset(allocations.ids),
                oms_no_reallocation=True,
            ),
        )._action_launch_stock_rule(previous_product_uom_qty)

    def _create_procurements(self, product_qty, procurement_uom, origin, values):
        if self.id in self.env.context.get("oms_planned_line_ids", ()):
            launch = self.env.context.get("oms_launch_allocation_ids", ())
            procurements = []
            # Allocations are internal: read them whoever confirms (portal
            # checkout, POS), the procurement itself runs in the user's env.
            for allocation in self.sudo().oms_allocation_line_ids:
                if allocation.id in launch:
                    procurements += super()._create_procurements(
                        allocation.quantity,
                        allocation.product_uom_id.with_env(self.env),
                        origin,
                        self._oms_prepare_procurement_values(allocation, values),
                    )
            return procurements
        if product_qty < 0 and self.sudo().oms_allocation_line_ids:
            return self._oms_decrease_procurements(
                product_qty, procurement_uom, origin, values
            )
        return super()._create_procurements(
            product_qty, procurement_uom, origin, values
        )

    def _oms_prepare_procurement_values(self, allocation, values):
        """Procurement values of one allocation: its warehouse picks the rule."""
        return dict(values, warehouse_id=allocation.warehouse_id.with_env(self.env))

    def _oms_decrease_procurements(self, product_qty, procurement_uom, origin, values):
        """A lower quantity comes off the open deliveries of the locations that
        ship the line, latest first, instead of the order's warehouse."""
        uom = self.product_id.uom_id
        left = procurement_uom._compute_quantity(-product_qty, uom)
        by_warehouse = {}
        for move in self.move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel") and m._oms_is_customer_delivery()
            )
        ).sorted("id", reverse=True):
            if left <= 0:
                break
            qty = min(left, move.product_qty)
            warehouse = move.location_id.warehouse_id
            by_warehouse[warehouse] = by_warehouse.get(warehouse, 0.0) + qty
            left -= qty
        if left > 0:
            warehouse = self.warehouse_id
            by_warehouse[warehouse] = by_warehouse.get(warehouse, 0.0) + left
        procurements = []
        for warehouse, qty in by_warehouse.items():
            procurements += super()._create_procurements(
                -qty, uom, origin, dict(values, warehouse_id=warehouse)
            )
        return procurements
