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

    def _compute_oms_return_count(self):
        groups = self.env["oms.return.line"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["return_id:count_distinct"]
        )
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.oms_return_count = counts.get(order.id, 0)

    def action_oms_create_return(self):
        """Draft return of everything still returnable on these orders."""
        self.env["oms.return"]._oms_check_user()
        partners = self.partner_id.commercial_partner_id
        if len(partners) > 1 or len(self.company_id) > 1:
            raise UserError(
                self.env._("One return covers orders of a single customer and company.")
            )
        sale_lines = self.order_line.filtered(
            lambda sol: sol.product_id.type == "consu" and not sol.display_type
        )
        returnable = sale_lines._oms_returnable_qty()
        sale_lines = sale_lines.filtered(lambda sol: returnable[sol.id] > 0)
        if not sale_lines:
            raise UserError(self.env._("Nothing delivered is left to return."))
        reason = self.env["oms.return.reason"].search(
            [("company_id", "in", (False, self.company_id.id))], limit=1
        )
        if not reason:
            raise UserError(
                self.env._(
                    "Create a return reason first (Order Management › Returns › "
                    "Return Reasons)."
                )
            )
        ret = self.env["oms.return"].create(
            {
                "partner_id": partners.id,
                "company_id": self.company_id.id,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": sol.id,
                            "quantity": returnable[sol.id],
                            "reason_id": reason.id,
                        }
                    )
                    for sol in sale_lines
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.return",
            "res_id": ret.id,
            "views": [(False, "form")],
        }

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
