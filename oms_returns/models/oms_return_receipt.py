# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from oms_domain.errors import DomainError
from oms_domain.returns import allocate

from .oms_return import RETURNS_USER


class OmsReturn(models.Model):
    """Receipt of the returned goods through Odoo's return wizard."""

    # Same model, one file per capability (see oms_return.py).
    _inherit = "oms.return"  # pylint: disable=consider-merging-classes-inherited

    date_received = fields.Datetime(readonly=True, copy=False)
    picking_ids = fields.Many2many(
        "stock.picking",
        string="Transfers",
        compute="_compute_picking_ids",
        groups=RETURNS_USER,
    )
    picking_count = fields.Integer(compute="_compute_picking_ids", groups=RETURNS_USER)
    scrap_count = fields.Integer(compute="_compute_picking_ids", groups=RETURNS_USER)

    @api.depends("line_ids.move_ids.picking_id", "line_ids.scrap_ids")
    def _compute_picking_ids(self):
        for ret in self:
            ret.picking_ids = ret.line_ids.move_ids.picking_id
            ret.picking_count = len(ret.picking_ids)
            ret.scrap_count = len(ret.line_ids.scrap_ids)

    # actions

    def action_receive(self):
        """Validate the pending return receipts with the announced quantities.

        For goods handed over at a counter; warehouses may instead validate the
        receipts themselves, the return follows either way.
        """
        self._oms_check_user()
        for ret in self:
            if ret.state != "approved":
                raise UserError(
                    self.env._("Return %(name)s is not approved.", name=ret.name)
                )
            pickings = ret.picking_ids.filtered(
                lambda p: (
                    p.state not in ("done", "cancel")
                    and p.location_id.usage == "customer"
                )
            )
            for move in pickings.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            ):
                move.quantity = move.product_uom_qty
                move.picked = True
            if pickings:
                pickings.with_context(skip_backorder=True).button_validate()
        self._oms_check_received()
        not_received = self.filtered(lambda r: r.state == "approved")
        if not_received:
            raise UserError(
                self.env._(
                    "Returns %(names)s still wait for goods.",
                    names=", ".join(not_received.mapped("name")),
                )
            )
        return True

    def action_view_pickings(self):
        self.ensure_one()
        return self._oms_action_records(
            "stock.action_picking_tree_all", self.picking_ids, self.env._("Transfers")
        )

    def action_view_scraps(self):
        self.ensure_one()
        return self._oms_action_records(
            "stock.action_stock_scrap", self.line_ids.scrap_ids, self.env._("Scraps")
        )

    # business methods

    def _oms_workflow_fields(self):
        return super()._oms_workflow_fields() | {"date_received"}

    def _create_return_pickings(self):
        """Create return receipts through Odoo's return wizard.

        One receipt per delivered picking and destination (sellable stock of the
        receiving warehouse for restocked lines, its inspection location for the
        others), so delivered quantities of the orders follow the returns.
        """
        self.ensure_one()
        precision = self._oms_qty_precision()
        lines = self.line_ids.filtered(
            lambda line: (
                line.product_id.type == "consu"
                and not float_is_zero(line.quantity, precision_digits=precision)
            )
        )
        outgoing = lines.sale_line_id._oms_outgoing_moves()
        left = lines.sale_line_id._oms_move_returnable_quantities(outgoing)
        plan = defaultdict(list)
        for line in lines:
            moves = outgoing.filtered(
                lambda m, sol=line.sale_line_id: m.sale_line_id == sol
            ).sorted(lambda m: (m.date, m.id))
            quantity = line.product_uom_id._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
            try:
                parts = allocate(
                    quantity,
                    [(move, left[move.id]) for move in moves],
                    precision=self._oms_qty_tolerance(),
                )
            except DomainError as error:
                raise UserError(
                    self.env._(
                        "%(product)s of %(order)s: not enough delivered goods "
                        "left to return.",
                        product=line.product_id.display_name,
                        order=line.order_id.name,
                    )
                ) from error
            location = line._oms_receipt_location()
            for move, part in parts:
                left[move.id] -= part
                plan[(move.picking_id, location)].append((line, move, part))
        pickings = self.env["stock.picking"]
        for (picking, location), items in plan.items():
            wizard = (
                self.env["stock.return.picking"]
                .with_context(
                    active_id=picking.id,
                    active_ids=picking.ids,
                    active_model="stock.picking",
                )
                .create(self._prepare_return_wizard_vals(picking, location, items))
            )
            pickings |= wizard._create_return()
        return pickings

    def _prepare_return_wizard_vals(self, picking, location, items):
        """Values of the stock.return.picking wizard for one delivered picking."""
        warehouse = self.warehouse_id
        picking_type = warehouse.out_type_id.return_picking_type_id or (
            warehouse.in_type_id
        )
        return {
            "picking_id": picking.id,
            "oms_location_dest_id": location.id,
            "oms_picking_type_id": picking_type.id,
            "product_return_moves": [
                Command.create(
                    {
                        "product_id": move.product_id.id,
                        "move_id": move.id,
                        "quantity": quantity,
                        "to_refund": True,
                        "oms_return_line_id": line.id,
                    }
                )
                for line, move, quantity in items
            ],
        }

    def _oms_check_received(self):
        """Mark approved returns received once no return receipt is pending."""
        for ret in self.filtered(lambda r: r.state == "approved"):
            moves = ret.line_ids.move_ids.filtered(
                lambda m: m.location_id.usage == "customer"
            )
            if not moves or any(m.state not in ("done", "cancel") for m in moves):
                continue
            if not any(m.state == "done" for m in moves):
                continue
            ret._oms_workflow_write(
                {"state": "received", "date_received": fields.Datetime.now()}
            )
            ret.line_ids._oms_after_receipt()
