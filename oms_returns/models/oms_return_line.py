# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from oms_domain.returns import (
    ReturnError,
    ReturnErrorCode,
    ReturnLineCheck,
    Violation,
    over_returned,
    resolve_policy,
    returnable_quantity,
)

from .oms_return import RETURNS_USER
from .oms_return_reason import DISPOSITIONS


class OmsReturnLine(models.Model):
    """A returned order line. Receipt (``oms_return_line_receipt.py``) and
    settlement (``oms_return_line_settlement.py``) extend it; the messages of
    the domain package's codes are worded here, in one place."""

    _name = "oms.return.line"
    _description = "Return Line"
    _inherit = ["oms.return.workflow.mixin"]
    _order = "return_id, sequence, id"
    _check_company_auto = True

    return_id = fields.Many2one(
        "oms.return", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    state = fields.Selection(related="return_id.state", store=True, index=True)
    partner_id = fields.Many2one(related="return_id.partner_id")
    commercial_partner_id = fields.Many2one(
        related="return_id.commercial_partner_id", store=True
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        required=True,
        index=True,
        check_company=True,
        domain="[('order_id.partner_id.commercial_partner_id', '=', "
        "commercial_partner_id), ('state', '=', 'sale'), "
        "('product_id.type', '=', 'consu'), ('qty_delivered', '>', 0)]",
    )
    order_id = fields.Many2one(
        related="sale_line_id.order_id",
        store=True,
        precompute=True,
        index=True,
        string="Order",
    )
    channel_id = fields.Many2one(
        related="order_id.channel_id", store=True, groups=RETURNS_USER
    )
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="sale_line_id.product_uom")
    quantity = fields.Float(
        digits="Product Unit of Measure", required=True, default=1.0
    )
    returnable_qty = fields.Float(
        string="Returnable",
        digits="Product Unit of Measure",
        compute="_compute_returnable_qty",
        help="Delivered and not yet returned, this line excluded.",
    )
    reason_id = fields.Many2one(
        "oms.return.reason", required=True, check_company=True, index=True
    )
    condition = fields.Selection(
        [
            ("unopened", "Unopened"),
            ("opened", "Opened"),
            ("used", "Used"),
            ("damaged", "Damaged"),
        ],
        default="unopened",
        groups=RETURNS_USER,
    )
    disposition = fields.Selection(
        DISPOSITIONS,
        compute="_compute_disposition",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        groups=RETURNS_USER,
    )
    customer_comment = fields.Text()
    company_currency_id = fields.Many2one(related="company_id.currency_id")

    # computes

    def _compute_returnable_qty(self):
        returnable = self._oms_returnable_quantities()
        for line in self:
            line.returnable_qty = returnable.get(line.id, 0.0)

    @api.depends("reason_id")
    def _compute_disposition(self):
        for line in self:
            line.disposition = line.reason_id.disposition or "restock"

    # constraints

    @api.constrains("quantity", "sale_line_id")
    def _check_returnable_quantity(self):
        """Never return more of an order line than was delivered to the customer."""
        lines = self.filtered(lambda line: line.state not in ("rejected", "cancel"))
        if not lines:
            return
        sale_lines = lines.sale_line_id
        sale_lines._oms_lock_for_return()
        quantities = sale_lines._oms_return_quantities()
        tolerance = self.env["oms.return"]._oms_qty_tolerance()
        negative = lines.filtered(lambda line: line.quantity < 0)
        if negative:
            raise ValidationError(self.env._("A returned quantity cannot be negative."))
        over = sale_lines.browse(over_returned(quantities, precision=tolerance))
        if over:
            raise ValidationError(
                self.env._(
                    "Cannot return more than was delivered:\n%(lines)s",
                    lines="\n".join(
                        self.env._(
                            "• %(order)s – %(product)s: %(delivered)s delivered, "
                            "%(returned)s on returns",
                            order=sol.order_id.name,
                            product=sol.product_id.display_name,
                            delivered=quantities[sol.id][0],
                            returned=quantities[sol.id][1],
                        )
                        for sol in over
                    ),
                )
            )

    @api.constrains("sale_line_id", "return_id")
    def _check_sale_line_company(self):
        for line in self:
            if line.sale_line_id.company_id != line.return_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s belongs to another company.",
                        order=line.order_id.name,
                    )
                )

    # CRUD

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(line.state not in ("draft", "cancel", False) for line in self):
            raise UserError(
                self.env._("Lines of an approved return cannot be removed.")
            )

    def write(self, vals):
        if {"quantity", "sale_line_id"} & set(vals) and any(
            line.state not in ("draft", False) for line in self
        ):
            raise UserError(
                self.env._(
                    "Quantities of an approved return are fixed; reject it or "
                    "create another return."
                )
            )
        return super().write(vals)

    # business methods

    def _oms_workflow_fields(self):
        # Related to the return or its order line: written directly they would
        # unhook the line (a portal customer sees lines by commercial partner).
        return super()._oms_workflow_fields() | {
            "state",
            "company_id",
            "commercial_partner_id",
            "order_id",
            "channel_id",
            "product_id",
        }

    def _oms_returnable_quantities(self):
        """{line id: quantity still returnable, this line's own quantity excluded}."""
        quantities = self.sale_line_id._oms_return_quantities()
        result = {}
        for line in self:
            delivered, returned = quantities.get(line.sale_line_id.id, (0.0, 0.0))
            own = (
                line._oms_counted_quantity()
                if line.state
                not in (
                    "rejected",
                    "cancel",
                )
                and isinstance(line.id, int)
                else 0.0
            )
            result[line.id] = returnable_quantity(delivered, returned - own)
        return result

    def _oms_counted_quantity(self):
        """What this line holds of its order line: announced, then received."""
        self.ensure_one()
        if self.state in ("received", "done"):
            return self.qty_received
        return self.quantity

    def _oms_policy_rule(self):
        self.ensure_one()
        channel = self.order_id.channel_id
        return resolve_policy(
            channel._oms_return_policy_rule() if channel else None,
            self.product_id.categ_id._oms_return_policy_rules(),
        )

    def _oms_policy_check_values(self, returnable_qty, delivered_on):
        self.ensure_one()
        return ReturnLineCheck(
            key=self.id,
            quantity=self.quantity,
            returnable_qty=returnable_qty,
            delivered_on=delivered_on,
            returnable=self.product_id.oms_returnable,
            policy=self._oms_policy_rule(),
            comment_required=self.reason_id.comment_required,
            has_comment=bool(self.customer_comment or self.return_id.customer_comment),
        )

    # messages of the domain package's codes

    def _oms_policy_message(self, problem):
        """Readable, translated message for one policy problem of this line."""
        self.ensure_one()
        product = self.product_id.display_name
        order = self.order_id.name
        values = problem.values
        if problem.violation == Violation.NO_QUANTITY:
            return self.env._(
                "%(product)s: enter a quantity to return.", product=product
            )
        if problem.violation == Violation.NOT_DELIVERED:
            return self.env._(
                "%(product)s of %(order)s has not been delivered yet.",
                product=product,
                order=order,
            )
        if problem.violation == Violation.NOT_RETURNABLE:
            return self.env._(
                "%(product)s is a final-sale product and cannot be returned.",
                product=product,
            )
        if problem.violation == Violation.WINDOW_EXPIRED:
            return self.env._(
                "%(product)s of %(order)s was delivered on %(delivered)s: the "
                "%(days)s-day return window closed on %(deadline)s.",
                product=product,
                order=order,
                delivered=format_date(self.env, values["delivered_on"]),
                days=values["days"],
                deadline=format_date(self.env, values["deadline"]),
            )
        if problem.violation == Violation.OVER_RETURN:
            return self.env._(
                "%(product)s of %(order)s: %(quantity)s to return but only "
                "%(returnable)s can still be returned.",
                product=product,
                order=order,
                quantity=values["quantity"],
                returnable=values["returnable"],
            )
        return self.env._(
            "%(product)s: the reason “%(reason)s” needs a comment.",
            product=product,
            reason=self.reason_id.name,
        )

    @api.model
    def _oms_domain_error_message(self, error):
        """Readable, translated message for a :class:`ReturnError` (or any
        error of the domain package) raised by a return computation."""
        code = error.code if isinstance(error, ReturnError) else None
        values = error.values if isinstance(error, ReturnError) else {}
        if code == ReturnErrorCode.NEGATIVE_WINDOW:
            return self.env._(
                "A return window of %(days)s days is not possible: use 0 for no "
                "limit or a positive number of days.",
                days=values["days"],
            )
        if code == ReturnErrorCode.FEE_PERCENT_RANGE:
            return self.env._(
                "A restocking fee of %(percent)s%% is not possible: it is a "
                "percentage between 0 and 100.",
                percent=values["percent"],
            )
        if code == ReturnErrorCode.NEGATIVE_QUANTITY:
            return self.env._(
                "A returned quantity cannot be negative (%(quantity)s).",
                quantity=values["quantity"],
            )
        if code == ReturnErrorCode.NOT_ENOUGH:
            return self.env._(
                "Only %(allocated)s of %(quantity)s can be returned or credited.",
                allocated=values["allocated"],
                quantity=values["quantity"],
            )
        if code == ReturnErrorCode.NEGATIVE_FEE:
            return self.env._(
                "A return fee cannot be negative (%(fee)s): check the return "
                "shipping fee of the sales channel.",
                fee=values["fee"],
            )
        return self.env._("The return cannot be computed from these values.")
