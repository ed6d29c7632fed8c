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
        res = super(
            SaleOrderLine,
            self.with_context(
                oms_planned_line_ids=frozenset(planned.ids),
                oms_launch_allocation_ids=frozenset(allocations.ids),
                oms_no_reallocation=True,
            ),
        )._action_launch_stock_rule(previous_product_uom_qty)
        dropshipped = allocations.filtered(lambda a: a.state == "dropship")
        if dropshipped:
            self._oms_send_dropship_orders(dropshipped)
        return res

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
        """Procurement values of one allocation: its warehouse picks the rule; a
        dropshipped quantity goes through Odoo's Dropship route to its vendor."""
        if allocation.state == "dropship":
            product = self.product_id.with_company(self.company_id)
            seller = product._select_seller(
                partner_id=allocation.supplier_id, quantity=None, uom_id=product.uom_id
            )
            return dict(
                values,
                route_ids=product._oms_dropship_route().with_env(self.env),
                supplierinfo_id=seller.with_env(self.env),
            )
        return dict(values, warehouse_id=allocation.warehouse_id.with_env(self.env))

    def _oms_qty_procured(self):
        """Quantity already procured, in the line's unit: Odoo's figure, plus the
        open purchase order lines of a line partly dropshipped (Odoo's dropship
        counts only those once a line has any)."""
        self.ensure_one()
        purchase_lines = (
            self.sudo().purchase_line_ids.filtered(lambda p: p.state != "cancel")
            if "purchase_line_ids" in self._fields
            else ()
        )
        if not purchase_lines:
            if not self.move_ids:
                # Nothing procured yet (a confirmation): Odoo's figure is 0, and
                # asking it costs a query per line once Manufacturing is there.
                return 0.0
            return self._get_qty_procurement(False)
        qty = 0.0
        outgoing, incoming = self._get_outgoing_incoming_moves()
        for move in outgoing.filtered(lambda m: not m.sudo().purchase_line_id):
            qty += move.product_uom._compute_quantity(
                move.product_uom_qty, self.product_uom, rounding_method="HALF-UP"
            )
        for move in incoming.filtered(lambda m: not m.sudo().purchase_line_id):
            qty -= move.product_uom._compute_quantity(
                move.product_uom_qty, self.product_uom, rounding_method="HALF-UP"
            )
        for line in purchase_lines:
            qty += line.product_uom._compute_quantity(
                line.product_qty, self.product_uom, rounding_method="HALF-UP"
            )
        return qty

    def _oms_send_dropship_orders(self, allocations):
        """Confirm the purchase orders the dropship procurements made and email
        them to their vendors (Odoo's purchase order template): one per vendor,
        with only that vendor's lines."""
        lines = allocations.sale_line_id.sudo()
        if "purchase_line_ids" not in lines._fields:
            return
        orders = lines.purchase_line_ids.order_id.filtered(
            lambda po: (
                po.state in ("draft", "sent")
                and po.partner_id in allocations.supplier_id
            )
        )
        for order in orders:
            order.button_confirm()
            template = self.env.ref(
                "purchase.email_template_edi_purchase_done"
                if order.state in ("purchase", "done")
                else "purchase.email_template_edi_purchase",
                raise_if_not_found=False,
            )
            if template:
                order.with_context(force_send=False).message_post_with_source(
                    template.sudo(),
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )

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
