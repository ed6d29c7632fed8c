# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_is_zero

from oms_domain.errors import DomainError
from oms_domain.returns import (
    FeeLine,
    allocate,
    charge_return_shipping,
    check_return_lines,
    restocking_fee,
    split_refund,
    spread_fees,
)

STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("received", "Received"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
# Returns in these states do not hold any quantity of their order lines.
INACTIVE_STATES = ("rejected", "cancel")


class OmsReturn(models.Model):
    _name = "oms.return"
    _description = "Return Order"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default="/",
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    channel_id = fields.Many2one(
        "oms.channel",
        string="Sales Channel",
        compute="_compute_channel_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Receiving Warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        check_company=True,
        help="Warehouse or store taking the goods back; customers may return "
        "anywhere, whatever shipped the order.",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, copy=False, tracking=True, index=True
    )
    resolution = fields.Selection(
        [("refund", "Refund"), ("exchange", "Exchange")],
        required=True,
        default="refund",
        tracking=True,
        help="Refund: credit note for invoiced goods, order adjusted for the "
        "rest. Exchange: the same, plus a new order for the replacement.",
    )
    origin = fields.Selection(
        [
            ("backoffice", "Back Office"),
            ("portal", "Customer Portal"),
            ("channel", "Sales Channel"),
        ],
        string="Requested Through",
        required=True,
        default="backoffice",
    )
    request_date = fields.Date(
        required=True, default=fields.Date.context_today, copy=False
    )
    date_received = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(string="Settled On", readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    customer_comment = fields.Text(help="The customer's own words about the return.")
    note = fields.Html(string="Internal Notes")
    policy_override = fields.Boolean(
        string="Policy Exception",
        copy=False,
        tracking=True,
        help="Accept this return outside the return window or for final-sale "
        "products (goodwill). Quantities are still checked.",
    )
    line_ids = fields.One2many(
        "oms.return.line", "return_id", string="Lines", copy=True
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    order_ids = fields.Many2many(
        "sale.order",
        string="Orders",
        compute="_compute_order_ids",
        search="_search_order_ids",
    )
    order_count = fields.Integer(compute="_compute_order_ids")
    picking_ids = fields.Many2many(
        "stock.picking", string="Transfers", compute="_compute_picking_ids"
    )
    picking_count = fields.Integer(compute="_compute_picking_ids")
    scrap_count = fields.Integer(compute="_compute_picking_ids")
    credit_note_ids = fields.Many2many(
        "account.move",
        "oms_return_credit_note_rel",
        "return_id",
        "move_id",
        string="Credit Notes",
        copy=False,
        readonly=True,
    )
    credit_note_count = fields.Integer(compute="_compute_credit_note_count")
    exchange_order_id = fields.Many2one("sale.order", copy=False, readonly=True)
    restocking_fee = fields.Monetary(copy=False, readonly=True)
    return_shipping_fee = fields.Monetary(copy=False, readonly=True)
    refund_amount = fields.Monetary(
        string="Settled Value",
        currency_field="company_currency_id",
        compute="_compute_amounts",
        store=True,
        help="Untaxed value of the received goods at the order's prices, in the "
        "company currency; set when the return is settled.",
    )
    cost_amount = fields.Monetary(
        string="Return Cost",
        currency_field="company_currency_id",
        compute="_compute_amounts",
        store=True,
    )

    # computes

    @api.depends("line_ids.order_id")
    def _compute_channel_id(self):
        for ret in self:
            if not ret.channel_id:
                ret.channel_id = ret.line_ids.order_id.channel_id[:1]

    @api.depends("channel_id", "line_ids.order_id", "company_id")
    def _compute_warehouse_id(self):
        for ret in self:
            if ret.warehouse_id:
                continue
            ret.warehouse_id = (
                ret.channel_id.default_warehouse_id
                or ret.line_ids.order_id.warehouse_id[:1]
                or self.env["stock.warehouse"].search(
                    [("company_id", "=", ret.company_id.id)], limit=1
                )
            )

    @api.depends("line_ids.order_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for ret in self:
            ret.currency_id = (
                ret.line_ids.order_id.currency_id[:1] or ret.company_id.currency_id
            )

    @api.depends("line_ids.order_id")
    def _compute_order_ids(self):
        for ret in self:
            ret.order_ids = ret.line_ids.order_id
            ret.order_count = len(ret.order_ids)

    def _search_order_ids(self, operator, value):
        return [("line_ids.order_id", operator, value)]

    @api.depends("line_ids.move_ids.picking_id", "line_ids.scrap_ids")
    def _compute_picking_ids(self):
        for ret in self:
            ret.picking_ids = ret.line_ids.move_ids.picking_id
            ret.picking_count = len(ret.picking_ids)
            ret.scrap_count = len(ret.line_ids.scrap_ids)

    @api.depends("credit_note_ids")
    def _compute_credit_note_count(self):
        for ret in self:
            ret.credit_note_count = len(ret.credit_note_ids)

    @api.depends("line_ids.refund_amount", "line_ids.cost_amount")
    def _compute_amounts(self):
        for ret in self:
            ret.refund_amount = sum(ret.line_ids.mapped("refund_amount"))
            ret.cost_amount = sum(ret.line_ids.mapped("cost_amount"))

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ret in self:
            ret.access_url = f"/my/returns/{ret.id}"
        return res

    # constraints

    @api.constrains("partner_id", "line_ids")
    def _check_lines_customer(self):
        for ret in self:
            orders = ret.line_ids.order_id
            strangers = orders.filtered(
                lambda o, r=ret: (
                    o.partner_id.commercial_partner_id != r.commercial_partner_id
                )
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Return %(name)s: orders %(orders)s belong to another "
                        "customer.",
                        name=ret.name,
                        orders=", ".join(strangers.mapped("name")),
                    )
                )
            if len(orders.currency_id) > 1:
                raise ValidationError(
                    self.env._(
                        "Return %(name)s mixes orders in several currencies; "
                        "make one return per currency.",
                        name=ret.name,
                    )
                )

    # CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("policy_override") for vals in vals_list):
            self._oms_check_manager()
        self._oms_check_request_date(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("oms.return") or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if "policy_override" in vals:
            self._oms_check_manager()
        self._oms_check_request_date([vals])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft_or_cancelled(self):
        if any(ret.state not in ("draft", "cancel") for ret in self):
            raise UserError(
                self.env._("Only draft or cancelled returns can be deleted.")
            )

    # actions

    def action_approve(self):
        """Accept the return: policy checked, return receipts created."""
        for ret in self:
            if ret.state != "draft":
                raise UserError(
                    self.env._("Return %(name)s is not a draft.", name=ret.name)
                )
            if not ret.line_ids:
                raise UserError(
                    self.env._("Return %(name)s has no lines.", name=ret.name)
                )
        self._check_return_policy()
        self.write({"state": "approved"})
        for ret in self:
            ret._create_return_pickings()
        return True

    def action_receive(self):
        """Validate the pending return receipts with the announced quantities.

        For goods handed over at a counter; warehouses may instead validate the
        receipts themselves, the return follows either way.
        """
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

    def action_settle(self):
        """Refund or exchange the received goods and close the return."""
        self._oms_check_manager()
        for ret in self:
            if ret.state != "received":
                raise UserError(
                    self.env._(
                        "Return %(name)s must be received before it is settled.",
                        name=ret.name,
                    )
                )
            ret._oms_settle()
        return True

    def action_reject(self):
        self._oms_stop("rejected")
        return True

    def action_cancel(self):
        self._oms_stop("cancel")
        return True

    def action_draft(self):
        for ret in self:
            if ret.state not in INACTIVE_STATES:
                raise UserError(
                    self.env._(
                        "Only rejected or cancelled returns can be reset to draft."
                    )
                )
        self.write({"state": "draft"})
        self.line_ids._check_returnable_quantity()
        return True

    def action_view_orders(self):
        self.ensure_one()
        return self._oms_action_records(
            "sale.action_orders", self.order_ids, self.env._("Orders")
        )

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

    def action_view_credit_notes(self):
        self.ensure_one()
        return self._oms_action_records(
            "account.action_move_out_refund_type",
            self.credit_note_ids,
            self.env._("Credit Notes"),
        )

    def action_view_exchange_order(self):
        self.ensure_one()
        return self._oms_action_records(
            "sale.action_orders", self.exchange_order_id, self.env._("Exchange Order")
        )

    # business methods

    def _check_return_policy(self):
        """Raise a UserError listing every line that breaks the return policy.

        The window is measured up to the request date: a customer who asked in
        time is not refused because the approval came late.
        """
        messages = []
        for ret in self:
            lines = ret.line_ids
            returnable = lines._oms_returnable_quantities()
            delivered_on = lines.sale_line_id._oms_delivery_dates()
            checks = [
                line._oms_policy_check_values(
                    returnable[line.id], delivered_on.get(line.sale_line_id.id)
                )
                for line in lines
            ]
            by_id = {line.id: line for line in lines}
            problems = check_return_lines(
                checks,
                ret.request_date or fields.Date.context_today(self),
                precision=self._oms_qty_tolerance(),
                check_window=not ret.policy_override,
            )
            messages += [
                by_id[problem.key]._oms_policy_message(problem) for problem in problems
            ]
        if messages:
            raise UserError(
                self.env._("This return breaks the return policy:")
                + "\n"
                + "\n".join(f"• {message}" for message in messages)
            )

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
            ret.write({"state": "received", "date_received": fields.Datetime.now()})
            ret.line_ids._oms_after_receipt()

    def _oms_stop(self, state):
        for ret in self:
            if ret.state not in ("draft", "approved"):
                raise UserError(
                    self.env._(
                        "Return %(name)s already received goods; settle it instead.",
                        name=ret.name,
                    )
                )
            pending = ret.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if any(p.state == "done" for p in ret.picking_ids):
                raise UserError(
                    self.env._(
                        "Return %(name)s already received part of the goods.",
                        name=ret.name,
                    )
                )
            pending.action_cancel()
        self.write({"state": state})

    def _oms_settle(self):
        self.ensure_one()
        precision = self._oms_qty_precision()
        lines = self.line_ids.filtered(
            lambda line: (
                not float_is_zero(line.qty_received, precision_digits=precision)
            )
        )
        if not lines:
            raise UserError(
                self.env._("Nothing was received on return %(name)s.", name=self.name)
            )
        credit_notes = self._oms_refund_lines(lines)
        if self.resolution == "exchange":
            self._oms_create_exchange_order(lines)
        self._oms_charge_fees(lines, credit_notes)
        credit_notes.filtered(lambda m: m.state == "draft").action_post()
        lines._oms_store_amounts()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        self._oms_register_channel_refund(self._prepare_channel_refund_values())

    def _oms_refund_lines(self, lines):
        """Credit the invoiced part of the returned goods, adjust orders for the rest.

        Credit notes come from Odoo's own invoice reversal, trimmed to the
        returned quantities: same prices, discounts, taxes and accounts as the
        invoice, and their lines keep the link to the order lines so invoiced
        quantities stay right.
        """
        returned = defaultdict(float)
        for line in lines:
            returned[line.sale_line_id] += line.qty_received
        credit_plan = defaultdict(dict)
        ordered_qty = {}
        for sale_line, quantity in returned.items():
            if sale_line.product_id.invoice_policy == "order":
                kept = sale_line.product_uom_qty - quantity
                ordered_qty[sale_line] = kept
            else:
                kept = sale_line.qty_delivered
            split = split_refund(
                quantity,
                sale_line.qty_invoiced,
                kept,
                precision=self._oms_qty_tolerance(),
            )
            if not split.credit_qty:
                continue
            buckets = sale_line._oms_invoice_credit_buckets()
            credit_qty = min(split.credit_qty, sum(qty for _inv, qty in buckets))
            for invoice, part in allocate(
                credit_qty, buckets, precision=self._oms_qty_tolerance()
            ):
                credit_plan[invoice][sale_line] = part
        credit_notes = self.env["account.move"]
        for invoice, quantities in credit_plan.items():
            credit_notes |= self._oms_reverse_invoice(invoice, quantities, lines)
        for sale_line, quantity in ordered_qty.items():
            sale_line._oms_set_ordered_qty(quantity)
        return credit_notes

    def _oms_reverse_invoice(self, invoice, quantities, lines):
        """Reverse ``invoice`` with Odoo's wizard and keep only returned quantities.

        :param quantities: {sale.order.line: quantity to credit, in its UoM}
        """
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(self._prepare_reversal_wizard_vals(invoice))
        )
        wizard.refund_moves()
        credit_note = wizard.new_move_ids
        commands = []
        seen = set()
        for credit_line in credit_note.invoice_line_ids:
            sale_line = credit_line.sale_line_ids.filtered(
                lambda sol: sol in quantities and sol.id not in seen
            )[:1]
            if credit_line.display_type != "product" or not sale_line:
                commands.append(Command.unlink(credit_line.id))
                continue
            seen.add(sale_line.id)
            quantity = sale_line.product_uom._compute_quantity(
                quantities[sale_line], credit_line.product_uom_id
            )
            commands.append(Command.update(credit_line.id, {"quantity": quantity}))
        credit_note.write({"invoice_line_ids": commands})
        for line in lines:
            line.credit_line_ids |= credit_note.invoice_line_ids.filtered(
                lambda cl, sol=line.sale_line_id: sol in cl.sale_line_ids
            )
        self.credit_note_ids |= credit_note
        credit_note.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": credit_note, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
        return credit_note

    def _prepare_reversal_wizard_vals(self, invoice):
        return {
            "reason": self.name,
            "journal_id": invoice.journal_id.id,
            "date": fields.Date.context_today(self),
        }

    def _oms_create_exchange_order(self, lines):
        """Create and confirm the order shipping the replacement goods."""
        self.ensure_one()
        lines = lines.filtered(
            lambda line: line.exchange_product_id and line.exchange_qty
        )
        if not lines:
            raise UserError(
                self.env._(
                    "Return %(name)s: set the replacement product and quantity of "
                    "the lines to exchange.",
                    name=self.name,
                )
            )
        order = self.env["sale.order"].create(self._prepare_exchange_order_vals(lines))
        for line, order_line in zip(lines, order.order_line, strict=True):
            line.exchange_line_id = order_line
        order.action_confirm()
        self.exchange_order_id = order
        return order

    def _prepare_exchange_order_vals(self, lines):
        origin = lines.order_id[:1]
        return {
            "partner_id": origin.partner_id.id,
            "partner_invoice_id": origin.partner_invoice_id.id,
            "partner_shipping_id": origin.partner_shipping_id.id,
            "company_id": self.company_id.id,
            "channel_id": self.channel_id.id or origin.channel_id.id,
            "warehouse_id": self.warehouse_id.id,
            "pricelist_id": origin.pricelist_id.id,
            "fiscal_position_id": origin.fiscal_position_id.id,
            "origin": self.name,
            "client_order_ref": origin.client_order_ref,
            "oms_exchange_return_id": self.id,
            "order_line": [
                Command.create(line._prepare_exchange_order_line_vals())
                for line in lines
            ],
        }

    def _oms_fee_amounts(self, lines):
        """(restocking fee, return shipping fee) of ``lines``, return currency."""
        self.ensure_one()
        responsible = [line.reason_id._customer_responsible() for line in lines]
        fee = restocking_fee(
            [
                FeeLine(
                    amount=line._oms_untaxed_value(line.qty_received),
                    restocking_fee_percent=line._oms_policy_rule().restocking_fee_percent,
                    customer_responsible=flag,
                )
                for line, flag in zip(lines, responsible, strict=True)
            ],
            digits=self.currency_id.decimal_places,
        )
        shipping = 0.0
        channel = self.channel_id
        if channel.return_shipping_fee and charge_return_shipping(responsible):
            shipping = channel.currency_id._convert(
                channel.return_shipping_fee,
                self.currency_id,
                self.company_id,
                fields.Date.context_today(self),
            )
        return float(fee), shipping

    def _oms_charge_fees(self, lines, credit_notes):
        """Deduct restocking and return shipping fees from the refund.

        On the credit notes when there are some, filled one after the other so
        that what does not fit on one goes on the next (never turning a credit
        note into an invoice); else charged on the exchange order or, failing
        that, on the returned order.
        """
        self.ensure_one()
        fee, shipping = self._oms_fee_amounts(lines)
        if not credit_notes:
            self.write({"restocking_fee": fee, "return_shipping_fee": shipping})
            charges = self._oms_fee_charges(fee, shipping)
            if not charges:
                return
            order = self.exchange_order_id or lines.order_id[:1]
            order_lines = [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": label,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                    }
                )
                for product, amount, label in charges
            ]
            order._oms_write_unlocked({"order_line": order_lines})
            return
        plan = spread_fees(
            [fee, shipping],
            credit_notes.mapped("amount_untaxed"),
            digits=self.currency_id.decimal_places,
        )
        self.write(
            {
                "restocking_fee": float(sum(parts[0] for parts in plan)),
                "return_shipping_fee": float(sum(parts[1] for parts in plan)),
            }
        )
        for credit_note, (fee_part, shipping_part) in zip(
            credit_notes, plan, strict=True
        ):
            charges = self._oms_fee_charges(float(fee_part), float(shipping_part))
            if not charges:
                continue
            credit_note.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": label,
                                "quantity": 1,
                                "price_unit": -amount,
                            }
                        )
                        for product, amount, label in charges
                    ]
                }
            )

    def _oms_fee_charges(self, fee, shipping):
        channel = self.channel_id
        charges = []
        if fee:
            product = channel.return_fee_product_id or self.env.ref(
                "oms_returns.product_restocking_fee"
            )
            charges.append(
                (product, fee, self.env._("Restocking fee (%(name)s)", name=self.name))
            )
        if shipping:
            product = channel.return_shipping_product_id or self.env.ref(
                "oms_returns.product_return_shipping"
            )
            charges.append(
                (
                    product,
                    shipping,
                    self.env._("Return shipping (%(name)s)", name=self.name),
                )
            )
        return charges

    def _prepare_channel_refund_values(self):
        """What a marketplace needs to know about a settled return."""
        self.ensure_one()
        return {
            "return_id": self.id,
            "reference": self.name,
            "channel_id": self.channel_id.id,
            "resolution": self.resolution,
            "currency": self.currency_id.name,
            "refund_total": sum(self.credit_note_ids.mapped("amount_total")),
            "restocking_fee": self.restocking_fee,
            "return_shipping_fee": self.return_shipping_fee,
            "credit_note_ids": self.credit_note_ids.ids,
            "exchange_order_id": self.exchange_order_id.id,
            "lines": [
                {
                    "order_id": line.order_id.id,
                    "channel_order_ref": line.order_id.channel_order_ref,
                    "sale_line_id": line.sale_line_id.id,
                    "sku": line.product_id.default_code,
                    "quantity": line.qty_received,
                    "reason_code": line.reason_id.code,
                    "amount": line.qty_received * line.sale_line_id.price_reduce_taxinc,
                }
                for line in self.line_ids
            ],
        }

    def _oms_register_channel_refund(self, values):
        """Report a settled return to its sales channel. Hook for connectors.

        Called once per return when it is settled, inside the settling
        transaction, with ``_prepare_channel_refund_values()``. The base
        implementation does nothing and returns False. A marketplace connector
        overrides it to refund the customer on the marketplace side, typically
        by enqueuing a job (``with_delay``) so a slow or failing API never
        blocks the settlement, and returns True when it took care of it.
        """
        return False

    @api.model
    def _portal_request_return(self, order, quantities, reason, comment=""):
        """Create a return request for the current portal user's own order.

        Checks with the caller's rights that the order is theirs and applies
        the return policy before creating anything, then creates the request as
        superuser.

        :param quantities: {sale.order.line id: quantity}
        :param reason: oms.return.reason
        :raise AccessError: the order is not the user's
        :raise UserError: the request breaks the return policy
        """
        order = order.with_env(self.env)
        order.check_access("read")
        customer = self.env.user.partner_id.commercial_partner_id
        if order.partner_id.commercial_partner_id != customer:
            raise AccessError(self.env._("You can only return your own orders."))
        order = order.sudo()
        reason = reason.sudo()
        if (
            not reason.exists()
            or not reason.active
            or not reason.portal_visible
            or (reason.company_id and reason.company_id != order.company_id)
        ):
            raise UserError(self.env._("Please choose a reason for the return."))
        sale_lines = order.order_line.filtered(
            lambda sol: quantities.get(sol.id, 0) > 0
        )
        if not sale_lines:
            raise UserError(
                self.env._("Choose at least one product and quantity to return.")
            )
        vals = {
            "partner_id": customer.id,
            "company_id": order.company_id.id,
            "origin": "portal",
            "customer_comment": comment,
            # Created as superuser: without this, OdooBot would be responsible.
            "user_id": order.user_id.filtered(lambda user: not user.share).id,
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": sol.id,
                        "quantity": quantities[sol.id],
                        "reason_id": reason.id,
                        "customer_comment": comment,
                    }
                )
                for sol in sale_lines
            ],
        }
        # Check on a draft in memory first: the customer gets the policy's
        # words, not a database constraint's.
        self.sudo().new(vals)._check_return_policy()
        ret = self.sudo().create(vals)
        ret.message_post(
            body=self.env._("Return requested by the customer on the portal."),
            author_id=self.env.user.partner_id.id,
        )
        return ret

    # helpers

    def _oms_is_manager(self):
        return self.env.su or self.env.user.has_group(
            "oms_returns.group_oms_returns_manager"
        )

    def _oms_check_manager(self):
        """Settling and policy exceptions are the return manager's decisions."""
        if not self._oms_is_manager():
            raise AccessError(
                self.env._(
                    "Only return managers can settle returns or grant policy "
                    "exceptions."
                )
            )

    def _oms_check_request_date(self, vals_list):
        """The return window runs up to the request date: backdating a request
        is a policy exception."""
        today = fields.Date.context_today(self)
        dates = [
            fields.Date.to_date(vals["request_date"])
            for vals in vals_list
            if vals.get("request_date")
        ]
        if any(day < today for day in dates) and not self._oms_is_manager():
            raise AccessError(
                self.env._(
                    "Only return managers can date a return request in the past."
                )
            )

    @api.model
    def _oms_qty_precision(self):
        return self.env["decimal.precision"].precision_get("Product Unit of Measure")

    @api.model
    def _oms_qty_tolerance(self):
        # Half a unit of the last decimal: below that, quantities are equal.
        return 0.5 * 10 ** -self._oms_qty_precision()

    def _oms_action_records(self, xmlid, records, name):
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        action["display_name"] = name
        if len(records) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = records.id
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        return action
