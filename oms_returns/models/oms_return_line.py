# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero, format_date

from oms_domain.returns import (
    ReturnLineCheck,
    Violation,
    over_returned,
    resolve_policy,
    returnable_quantity,
)

from .oms_return_reason import DISPOSITIONS


class OmsReturnLine(models.Model):
    _name = "oms.return.line"
    _description = "Return Line"
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
    channel_id = fields.Many2one(related="order_id.channel_id", store=True)
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
    qty_received = fields.Float(
        string="Received",
        digits="Product Unit of Measure",
        compute="_compute_qty_received",
        store=True,
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
    )
    disposition = fields.Selection(
        DISPOSITIONS,
        compute="_compute_disposition",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    inspection_state = fields.Selection(
        [
            ("pending", "To Decide"),
            ("restocked", "Restocked"),
            ("scrapped", "Scrapped"),
        ],
        copy=False,
        readonly=True,
    )
    customer_comment = fields.Text()
    move_ids = fields.One2many("stock.move", "oms_return_line_id", readonly=True)
    scrap_ids = fields.One2many("stock.scrap", "oms_return_line_id", readonly=True)
    credit_line_ids = fields.Many2many(
        "account.move.line",
        "oms_return_line_credit_line_rel",
        "return_line_id",
        "move_line_id",
        string="Credit Note Lines",
        copy=False,
        readonly=True,
    )
    exchange_product_id = fields.Many2one(
        "product.product",
        string="Replacement",
        compute="_compute_exchange_product_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    exchange_qty = fields.Float(
        string="Replacement Qty",
        digits="Product Unit of Measure",
        compute="_compute_exchange_qty",
        store=True,
        readonly=False,
    )
    exchange_line_id = fields.Many2one(
        "sale.order.line", string="Replacement Line", copy=False, readonly=True
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    refund_amount = fields.Monetary(
        string="Settled Value",
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
    )
    cost_amount = fields.Monetary(
        string="Return Cost",
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
        help="Value of scrapped goods plus the return shipping the merchant paid.",
    )

    # computes

    def _compute_returnable_qty(self):
        returnable = self._oms_returnable_quantities()
        for line in self:
            line.returnable_qty = returnable.get(line.id, 0.0)

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

    @api.depends("reason_id")
    def _compute_disposition(self):
        for line in self:
            line.disposition = line.reason_id.disposition or "restock"

    @api.depends("product_id")
    def _compute_exchange_product_id(self):
        for line in self:
            line.exchange_product_id = line.product_id

    @api.depends("quantity")
    def _compute_exchange_qty(self):
        for line in self:
            line.exchange_qty = line.quantity

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

    # actions

    def action_inspect_restock(self):
        """Accept inspected goods: move them to the sellable stock."""
        lines = self._oms_pending_inspection()
        for line in lines:
            warehouse = line.return_id.warehouse_id
            line._oms_move_received_goods(warehouse.lot_stock_id)
        lines.inspection_state = "restocked"
        return True

    def action_inspect_scrap(self):
        """Reject inspected goods: scrap them."""
        lines = self._oms_pending_inspection()
        lines._oms_scrap_received_goods()
        lines.inspection_state = "scrapped"
        return True

    # business methods

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
        to_scrap.inspection_state = "scrapped"
        received.filtered(
            lambda line: line.disposition in ("inspect", "vendor")
        ).inspection_state = "pending"

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
            line.cost_amount += value

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

    def _oms_untaxed_value(self, quantity):
        """Untaxed value of ``quantity`` of the order line, computed the way Odoo
        computes a sale or invoice line (discount, included taxes, rounding)."""
        self.ensure_one()
        sale_line = self.sale_line_id
        price = sale_line.price_unit * (1.0 - (sale_line.discount or 0.0) / 100.0)
        taxes = sale_line.tax_id.compute_all(
            price,
            currency=sale_line.currency_id,
            quantity=quantity,
            product=sale_line.product_id,
            partner=sale_line.order_id.partner_shipping_id,
        )
        return taxes["total_excluded"]

    def _prepare_exchange_order_line_vals(self):
        """Replacement line: same price, discount and taxes for the same product."""
        self.ensure_one()
        vals = {
            "product_id": self.exchange_product_id.id,
            "product_uom_qty": self.exchange_qty,
        }
        sale_line = self.sale_line_id
        if self.exchange_product_id == sale_line.product_id:
            vals.update(
                {
                    "product_uom": sale_line.product_uom.id,
                    "price_unit": sale_line.price_unit,
                    "discount": sale_line.discount,
                    "tax_id": [(6, 0, sale_line.tax_id.ids)],
                }
            )
        return vals

    def _oms_store_amounts(self):
        """Returned value and merchant shipping cost, in company currency."""
        today = fields.Date.context_today(self)
        for ret in self.return_id:
            lines = self.filtered(lambda line, r=ret: line.return_id == r)
            channel = ret.channel_id
            shipping_cost = 0.0
            if channel.return_shipping_cost and not ret.return_shipping_fee:
                shipping_cost = channel.return_shipping_cost / len(lines)
            for line in lines:
                order = line.order_id
                value = order.currency_id._convert(
                    line._oms_untaxed_value(line.qty_received),
                    line.company_currency_id,
                    line.company_id,
                    today,
                )
                line.write(
                    {
                        "refund_amount": value,
                        "cost_amount": line.cost_amount + shipping_cost,
                    }
                )
