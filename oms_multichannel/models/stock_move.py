# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_confirm(self, merge=True, merge_into=False):
        touched = self._oms_touched()
        moves = super()._action_confirm(merge=merge, merge_into=merge_into)
        self._oms_mark_dirty(touched)
        return moves

    def _action_assign(self, force_qty=False):
        touched = self._oms_touched()
        res = super()._action_assign(force_qty=force_qty)
        self._oms_mark_dirty(touched)
        return res

    def _action_cancel(self):
        touched = self._oms_touched()
        watched = self._oms_allocated_deliveries().filtered(
            lambda m: m.state != "cancel"
        )
        res = super()._action_cancel()
        self._oms_mark_dirty(touched)
        if not self.env.context.get("oms_defer_reallocation"):
            watched.filtered(lambda m: m.state == "cancel")._oms_reallocate()
        return res

    def _action_done(self, cancel_backorder=False):
        touched = self._oms_touched()
        watched = self._oms_allocated_deliveries().filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        # Quants change once per move line: flag the pairs once for the batch.
        # Re-allocation waits for the validation to be over.
        moves = super(
            StockMove,
            self.with_context(oms_stock_hooks_off=True, oms_defer_reallocation=True),
        )._action_done(cancel_backorder=cancel_backorder)
        self._oms_mark_dirty(touched)
        watched._oms_short_deliveries(cancel_backorder)._oms_reallocate()
        return moves.with_env(self.env)

    # Available to sell ---

    def _oms_touched(self):
        # Read before super(): moves may be merged or deleted on the way.
        return self.product_id, self.location_id | self.location_dest_id

    def _oms_mark_dirty(self, touched):
        products, locations = touched
        if products and not self.env.context.get("oms_stock_hooks_off"):
            self.env["oms.channel.stock"]._oms_mark_dirty(products, locations)

    # Allocation: a location that cannot ship hands over to the next best ---

    def _oms_allocated_deliveries(self):
        """Customer deliveries of order lines that allocation planned."""
        if self.env.context.get("oms_no_reallocation"):
            return self.browse()
        return self.filtered(
            lambda m: (
                m.sale_line_id
                and m._oms_is_customer_delivery()
                and m.sale_line_id.sudo().oms_allocation_line_ids
            )
        )

    def _oms_is_customer_delivery(self):
        """True for the move that starts a delivery to a customer: in multi-step
        routes the pick goes to the output location, its final destination is the
        customer."""
        self.ensure_one()
        return (self.location_final_id or self.location_dest_id).usage == "customer"

    def _oms_short_deliveries(self, cancel_backorder):
        """Moves cancelled, or validated short with the rest cancelled."""
        return self.filtered(
            lambda m: (
                m.state == "cancel"
                or (
                    cancel_backorder
                    and m.state == "done"
                    and float_compare(
                        m.quantity,
                        m.product_uom_qty,
                        precision_rounding=m.product_uom.rounding,
                    )
                    < 0
                )
            )
        )

    def _oms_reallocate(self):
        """Mark the allocations of these moves' locations as failed and send what
        their order lines still miss to the next best location."""
        moves = self.filtered(lambda m: m.sale_line_id.order_id.state == "sale")
        if not moves or self.env.context.get("oms_no_reallocation"):
            return
        failed = {(m.sale_line_id.id, m.location_id.warehouse_id.id) for m in moves}
        lines = moves.sale_line_id.sudo()
        lines.oms_allocation_line_ids.filtered(
            lambda a: (
                a.state in ("allocated", "incoming")
                and (a.sale_line_id.id, a.warehouse_id.id) in failed
            )
        ).state = "failed"
        for company in lines.company_id:
            lines.filtered(lambda line, c=company: line.company_id == c).with_company(
                company
            ).with_context(
                oms_allocation_trigger="store_failed"
            )._action_launch_stock_rule()
