# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from .oms_return import RETURNS_USER


class OmsReturnLine(models.Model):
    """Received goods of a line: where they go, inspection, scrap."""

    # Same model, one file per capability (see oms_return_line.py).
    _inherit = "oms.return.line"  # pylint: disable=consider-merging-classes-inherited

    qty_received = fields.Float(
        string="Received",
        digits="Product Unit of Measure",
        compute="_compute_qty_received",
        store=True,
    )
    inspection_state = fields.Selection(
        [
            ("pending", "To Decide"),
            ("restocked", "Restocked"),
            ("scrapped", "Scrapped"),
        ],
        copy=False,
        readonly=True,
        groups=RETURNS_USER,
    )
    move_ids = fields.One2many(
        "stock.move", "oms_return_line_id", readonly=True, groups=RETURNS_USER
    )
    scrap_ids = fields.One2many(
        "stock.scrap", "oms_return_line_id", readonly=True, groups=RETURNS_USER
    )

    @api.depends("move_ids.state", "move_ids.quantity", "move_ids.location_id")
    def _compute_qty_received(self):
        for line in self:
            receipts = line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_id.usage == "customer"
            )
            line.qty_received = sum(
                move.product_uom._compute_quantity(move.quantity, line.product_uom_id)
                for move in receipts
            )

    # actions

    def action_inspect_restock(self):
        """Accept inspected goods: move them to the sellable stock."""
        self.return_id._oms_check_user()
        lines = self._oms_pending_inspection()
        for line in lines:
            warehouse = line.return_id.warehouse_id
            line._oms_move_received_goods(warehouse.lot_stock_id)
        lines._oms_workflow_write({"inspection_state": "restocked"})
        return True

    def action_inspect_scrap(self):
        """Reject inspected goods: scrap them."""
        self.return_id._oms_check_user()
        lines = self._oms_pending_inspection()
        lines._oms_scrap_received_goods()
        lines._oms_workflow_write({"inspection_state": "scrapped"})
        return True

    # business methods

    def _oms_workflow_fields(self):
        return super()._oms_workflow_fields() | {
            "qty_received",
            "inspection_state",
            "move_ids",
            "scrap_ids",
        }

    def _oms_receipt_location(self):
        """Where the goods of this line go when received."""
        self.ensure_one()
        warehouse = self.return_id.warehouse_id
        if self.disposition == "restock":
            return warehouse.lot_stock_id
        return warehouse._oms_get_return_location()

    def _oms_after_receipt(self):
        """Follow the disposition of received lines: scrap or wait for a decision."""
        precision = self.env["oms.return"]._oms_qty_precision()
        received = self.filtered(
            lambda line: (
                not float_is_zero(line.qty_received, precision_digits=precision)
            )
        )
        to_scrap = received.filtered(lambda line: line.disposition == "scrap")
        to_scrap._oms_scrap_received_goods()
        to_scrap._oms_workflow_write({"inspection_state": "scrapped"})
        received.filtered(
            lambda line: line.disposition in ("inspect", "vendor")
        )._oms_workflow_write({"inspection_state": "pending"})

    def _oms_pending_inspection(self):
        lines = self.filtered(lambda line: line.inspection_state == "pending")
        if lines != self:
            raise UserError(self.env._("Only received goods waiting for a decision."))
        return lines

    def _oms_receipt_stock_location(self):
        self.ensure_one()
        receipts = self.move_ids.filtered(
            lambda m: m.state == "done" and m.location_id.usage == "customer"
        )
        return receipts.location_dest_id[:1]

    def _oms_scrap_received_goods(self):
        scraps = self.env["stock.scrap"]
        for line in self:
            quantity = line.product_uom_id._compute_quantity(
                line.qty_received, line.product_id.uom_id
            )
            scraps |= self.env["stock.scrap"].create(line._prepare_scrap_vals(quantity))
        scraps.do_scrap()
        for line in self:
            value = -sum(
                line.scrap_ids.move_ids.stock_valuation_layer_ids.mapped("value")
            )
            line._oms_workflow_write({"cost_amount": line.cost_amount + value})

    def _prepare_scrap_vals(self, quantity):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "scrap_qty": quantity,
            "product_uom_id": self.product_id.uom_id.id,
            "location_id": self._oms_receipt_stock_location().id,
            "company_id": self.company_id.id,
            "origin": self.return_id.name,
            "oms_return_line_id": self.id,
        }

    def _oms_move_received_goods(self, location):
        """Move the received goods of this line to ``location`` right away."""
        self.ensure_one()
        source = self._oms_receipt_stock_location()
        quantity = self.product_uom_id._compute_quantity(
            self.qty_received, self.product_id.uom_id
        )
        move = self.env["stock.move"].create(
            {
                "name": self.return_id.name,
                "origin": self.return_id.name,
                "product_id": self.product_id.id,
                "product_uom_qty": quantity,
                "product_uom": self.product_id.uom_id.id,
                "location_id": source.id,
                "location_dest_id": location.id,
                "company_id": self.company_id.id,
                "oms_return_line_id": self.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        if move.state != "assigned":
            raise UserError(
                self.env._(
                    "%(product)s is no longer available in %(location)s.",
                    product=self.product_id.display_name,
                    location=source.display_name,
                )
            )
        move.picked = True
        move._action_done()
        return move
