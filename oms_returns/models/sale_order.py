# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_return_line_ids = fields.One2many(
        "oms.return.line",
        "order_id",
        string="Return Lines",
        groups="oms_returns.group_oms_returns_user",
    )
    oms_return_count = fields.Integer(
        string="Returns",
        compute="_compute_oms_return_count",
        groups="oms_returns.group_oms_returns_user",
    )
    oms_exchange_return_id = fields.Many2one(
        "oms.return",
        string="Exchange For",
        copy=False,
        readonly=True,
        groups="oms_returns.group_oms_returns_user",
        help="Return whose replacement goods this order ships.",
    )

    oms_has_returnable = fields.Boolean(
        string="Something to Return",
        compute="_compute_oms_has_returnable",
        groups="oms_returns.group_oms_returns_user",
        help="Goods delivered on this order are not returned yet.",
    )

    def _compute_oms_has_returnable(self):
        for order in self:
            order.oms_has_returnable = bool(
                order.state == "sale" and order._oms_returnable_sale_lines()
            )

    def _compute_oms_return_count(self):
        groups = self.env["oms.return.line"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["return_id:count_distinct"]
        )
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.oms_return_count = counts.get(order.id, 0)

    def action_oms_create_return(self):
        """New return form of everything still returnable on these orders.

        Not saved: the user chooses the reason of each line (none is guessed)
        and saves.
        """
        self.env["oms.return"]._oms_check_user()
        self.env["oms.return"].check_access("create")
        partners = self.partner_id.commercial_partner_id
        if len(partners) > 1 or len(self.company_id) > 1:
            raise UserError(
                self.env._("One return covers orders of a single customer and company.")
            )
        returnable = self._oms_returnable_sale_lines()
        if not returnable:
            raise UserError(self.env._("Nothing delivered is left to return."))
        if not self.env["oms.return.reason"].search_count(
            [("company_id", "in", (False, self.company_id.id))], limit=1
        ):
            raise UserError(
                self.env._(
                    "Create a return reason first (Order Management › Returns › "
                    "Return Reasons)."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.return",
            "name": self.env._("New Return"),
            "views": [(False, "form")],
            "target": "current",
            "context": self._prepare_return_context(partners, returnable),
        }

    def _prepare_return_context(self, partner, returnable):
        """Context of the new return form: customer, company and lines."""
        return {
            "oms_return_from_orders": {
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "line_ids": [
                    Command.create({"sale_line_id": sol.id, "quantity": qty})
                    for sol, qty in returnable.items()
                ],
            }
        }

    def _oms_returnable_sale_lines(self):
        """``{sale.order.line: quantity}`` delivered and not yet returned."""
        sale_lines = self.filtered(lambda o: o.state == "sale").order_line.filtered(
            lambda sol: sol.product_id.type == "consu" and not sol.display_type
        )
        if not sale_lines:
            return {}
        returnable = sale_lines._oms_returnable_qty()
        return {sol: returnable[sol.id] for sol in sale_lines if returnable[sol.id] > 0}

    def action_oms_view_returns(self):
        self.ensure_one()
        returns = self.oms_return_line_ids.return_id
        return returns._oms_action_records(
            "oms_returns.oms_return_action", returns, self.env._("Returns")
        )

    def _oms_portal_returnable_lines(self):
        """Order lines a customer may still ask to return, with quantities."""
        self.ensure_one()
        if self.state != "sale":
            return []
        sale_lines = self.order_line.filtered(
            lambda sol: (
                sol.product_id.type == "consu"
                and not sol.display_type
                and sol.product_id.oms_returnable
            )
        )
        returnable = sale_lines._oms_returnable_qty()
        return [
            (sol, returnable[sol.id]) for sol in sale_lines if returnable[sol.id] > 0
        ]

    def _oms_write_unlocked(self, vals):
        """Write on a confirmed order even when it is locked, then lock it again."""
        self.ensure_one()
        locked = self.locked
        if locked:
            self.action_unlock()
        self.write(vals)
        if locked:
            self.action_lock()
