# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
        help="Quantity (in the product's unit) no location could ship yet; the "
        "scheduled job and the Re-allocate button try again.",
    )
    oms_allocation_line_ids = fields.One2many(
        "oms.allocation.line", "sale_line_id", string="Allocations", copy=False
    )

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        context = self.env.context
        if context.get("skip_procurement") or "oms_planned_line_ids" in context:
            return super()._action_launch_stock_rule(previous_product_uom_qty)
        planned, allocations = self.env["oms.allocation.planner"]._plan_and_record(
            self, trigger=context.get("oms_allocation_trigger")
        )
        if not planned:
            return super()._action_launch_stock_rule(previous_product_uom_qty)
        return super(
            SaleOrderLine,
            self.with_context(
                oms_planned_line_ids=frozenset(planned.ids),
                oms_launch_allocation_ids=frozenset(allocations.ids),
            ),
        )._action_launch_stock_rule(previous_product_uom_qty)

    def _create_procurements(self, product_qty, procurement_uom, origin, values):
        if self.id not in self.env.context.get("oms_planned_line_ids", ()):
            return super()._create_procurements(
                product_qty, procurement_uom, origin, values
            )
        launch = self.env.context.get("oms_launch_allocation_ids", ())
        procurements = []
        for allocation in self.oms_allocation_line_ids:
            if allocation.id in launch:
                procurements += super()._create_procurements(
                    allocation.quantity,
                    allocation.product_uom_id,
                    origin,
                    self._oms_prepare_procurement_values(allocation, values),
                )
        return procurements

    def _oms_prepare_procurement_values(self, allocation, values):
        """Procurement values of one allocation: its warehouse picks the rule."""
        return dict(values, warehouse_id=allocation.warehouse_id)
