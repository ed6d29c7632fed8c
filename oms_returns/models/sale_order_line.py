# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL

from oms_domain.returns import returnable_quantity


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _oms_outgoing_moves(self):
        """Done moves that delivered these lines to the customer (returns excluded)."""
        return self.env["stock.move"].search(
            [
                ("sale_line_id", "in", self.ids),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "customer"),
                ("origin_returned_move_id", "=", False),
            ]
        )

    def _oms_return_quantities(self):
        """{line id: (delivered, returned)} in each line's UoM, in a few queries.

        ``delivered`` is what reached the customer minus what came back outside
        OMS returns (Odoo's own return wizard); ``returned`` is what live OMS
        returns hold: their quantity until received, the received quantity after.
        """
        if not self:
            return {}
        by_id = {line.id: line for line in self}
        delivered = defaultdict(float)
        move_model = self.env["stock.move"].sudo()
        base = [("sale_line_id", "in", self.ids), ("state", "=", "done")]
        shipped = move_model._read_group(
            base
            + [
                ("location_dest_id.usage", "=", "customer"),
                ("origin_returned_move_id", "=", False),
            ],
            ["sale_line_id", "product_uom"],
            ["quantity:sum"],
        )
        came_back = move_model._read_group(
            base
            + [
                ("location_id.usage", "=", "customer"),
                ("oms_return_line_id", "=", False),
            ],
            ["sale_line_id", "product_uom"],
            ["quantity:sum"],
        )
        for groups, sign in ((shipped, 1), (came_back, -1)):
            for sale_line, uom, quantity in groups:
                line = by_id[sale_line.id]
                delivered[line.id] += sign * uom._compute_quantity(
                    quantity, line.product_uom
                )
        returned = defaultdict(float)
        groups = (
            self.env["oms.return.line"]
            .sudo()
            ._read_group(
                [
                    ("sale_line_id", "in", self.ids),
                    ("state", "not in", ("rejected", "cancel")),
                ],
                ["sale_line_id", "state"],
                ["quantity:sum", "qty_received:sum"],
            )
        )
        for sale_line, state, quantity, received in groups:
            returned[sale_line.id] += (
                received if state in ("received", "done") else quantity
            )
        return {line.id: (delivered[line.id], returned[line.id]) for line in self}

    def _oms_lock_for_return(self):
        """Serialize returns of these lines between concurrent transactions.

        A no-op update, not just a row lock: under REPEATABLE READ a second
        transaction then fails to serialize (and is retried) instead of
        checking the returned quantities on a snapshot that misses the first
        transaction's return.
        """
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order_line SET write_date = write_date WHERE id IN %s",
                    tuple(self.ids),
                )
            )

    def _oms_returnable_qty(self):
        """{line id: quantity the customer may still return}."""
        return {
            line_id: returnable_quantity(delivered, returned)
            for line_id, (delivered, returned) in self._oms_return_quantities().items()
        }

    def _oms_move_returnable_quantities(self, moves):
        """{move id: quantity of the delivery move not yet returned, product UoM}."""
        returns = self.env["stock.move"].search(
            [("origin_returned_move_id", "in", moves.ids), ("state", "!=", "cancel")]
        )
        left = {
            move.id: move.product_uom._compute_quantity(
                move.quantity, move.product_id.uom_id
            )
            for move in moves
        }
        for ret in returns:
            quantity = ret.quantity if ret.state == "done" else ret.product_uom_qty
            left[ret.origin_returned_move_id.id] -= ret.product_uom._compute_quantity(
                quantity, ret.product_id.uom_id
            )
        return left

    def _oms_delivery_dates(self):
        """{line id: date the customer got the goods}: the last delivery, or the
        order's confirmed delivery date when later."""
        if not self:
            return {}
        groups = (
            self.env["stock.move"]
            .sudo()
            ._read_group(
                [
                    ("sale_line_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("origin_returned_move_id", "=", False),
                ],
                ["sale_line_id"],
                ["date:max"],
            )
        )
        dates = {}
        for sale_line, date in groups:
            day = fields.Date.context_today(self, date)
            received = sale_line.order_id.oms_delivered_date
            if received:
                day = max(day, fields.Date.context_today(self, received))
            dates[sale_line.id] = day
        return dates

    def _oms_invoice_credit_buckets(self):
        """[(invoice, quantity still creditable)] of this line, newest first."""
        self.ensure_one()
        invoiced = defaultdict(float)
        credited = defaultdict(float)
        for aml in self.invoice_lines:
            move = aml.move_id
            quantity = aml.product_uom_id._compute_quantity(
                aml.quantity, self.product_uom
            )
            if move.move_type == "out_invoice" and move.state == "posted":
                invoiced[move] += quantity
            elif (
                move.move_type == "out_refund"
                and move.state != "cancel"
                and move.reversed_entry_id
            ):
                credited[move.reversed_entry_id] += quantity
        invoices = sorted(
            invoiced, key=lambda m: (m.invoice_date or m.date, m.id), reverse=True
        )
        return [
            (invoice, max(invoiced[invoice] - credited[invoice], 0.0))
            for invoice in invoices
        ]

    def _oms_set_ordered_qty(self, quantity):
        """Lower the ordered quantity to what the customer keeps."""
        self.ensure_one()
        # Price and discount written along: a quantity change alone reprices a
        # line not invoiced yet from the pricelist, losing the sold price.
        vals = {
            "product_uom_qty": quantity,
            "price_unit": self.price_unit,
            "discount": self.discount,
        }
        self.order_id._oms_write_unlocked({"order_line": [(1, self.id, vals)]})
