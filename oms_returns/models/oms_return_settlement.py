# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, formatLang

from oms_domain.returns import allocate, split_refund

from .oms_return import RETURNS_USER


class OmsReturn(models.Model):
    """Settlement: credit notes through Odoo's reversal, order adjustments,
    exchange orders, and the report to the sales channel."""

    # Same model, one file per capability (see oms_return.py).
    _inherit = "oms.return"  # pylint: disable=consider-merging-classes-inherited

    date_done = fields.Datetime(string="Settled On", readonly=True, copy=False)
    credit_note_ids = fields.Many2many(
        "account.move",
        "oms_return_credit_note_rel",
        "return_id",
        "move_id",
        string="Credit Notes",
        copy=False,
        readonly=True,
        groups=RETURNS_USER,
    )
    credit_note_count = fields.Integer(
        compute="_compute_credit_note_count", groups=RETURNS_USER
    )
    exchange_order_id = fields.Many2one(
        "sale.order", copy=False, readonly=True, groups=RETURNS_USER
    )
    refund_amount = fields.Monetary(
        string="Settled Value",
        currency_field="company_currency_id",
        compute="_compute_amounts",
        store=True,
        groups=RETURNS_USER,
        help="Untaxed value of the received goods at the order's prices, in the "
        "company currency; set when the return is settled.",
    )
    cost_amount = fields.Monetary(
        string="Return Cost",
        currency_field="company_currency_id",
        compute="_compute_amounts",
        store=True,
        groups=RETURNS_USER,
    )

    net_refund_amount = fields.Monetary(
        string="Net Refund",
        currency_field="currency_id",
        compute="_compute_money_outcome",
        groups=RETURNS_USER,
        help="What the credit notes give back, fees deducted.",
    )
    money_outcome = fields.Text(
        compute="_compute_money_outcome",
        groups=RETURNS_USER,
        help="What settling the return does with money, or did.",
    )

    @api.depends(
        "state",
        "resolution",
        "credit_note_ids.amount_total",
        "restocking_fee",
        "return_shipping_fee",
        "line_ids.sale_line_id.qty_invoiced",
    )
    def _compute_money_outcome(self):
        for ret in self:
            ret.net_refund_amount = sum(ret.credit_note_ids.mapped("amount_total"))
            ret.money_outcome = ret._oms_money_outcome()

    @api.depends("credit_note_ids")
    def _compute_credit_note_count(self):
        for ret in self:
            ret.credit_note_count = len(ret.credit_note_ids)

    @api.depends("line_ids.refund_amount", "line_ids.cost_amount")
    def _compute_amounts(self):
        for ret in self:
            ret.refund_amount = sum(ret.line_ids.mapped("refund_amount"))
            ret.cost_amount = sum(ret.line_ids.mapped("cost_amount"))

    # actions

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
            pending = ret.line_ids.filtered(
                lambda line: line.inspection_state == "pending"
            )
            if pending:
                raise UserError(
                    self.env._(
                        "Return %(name)s cannot be settled yet: decide Restock or "
                        "Scrap for %(products)s first.",
                        name=ret.name,
                        products=", ".join(pending.product_id.mapped("display_name")),
                    )
                )
            with ret._oms_domain_errors():
                ret._oms_settle()
        return True

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

    def _oms_money_outcome(self):
        """Sentence(s) saying what settling does with money, or did."""
        self.ensure_one()
        _ = self.env._
        currency = self.currency_id or self.company_id.currency_id
        sentences = []
        fees = self.restocking_fee + self.return_shipping_fee
        if self.state == "done":
            if self.credit_note_ids:
                sentences.append(
                    _(
                        "Refunded by credit note %(notes)s: %(net)s, after %(fees)s "
                        "of fees.",
                        notes=", ".join(
                            self.credit_note_ids.mapped(lambda m: m.name or "")
                        ),
                        net=formatLang(
                            self.env, self.net_refund_amount, currency_obj=currency
                        ),
                        fees=formatLang(self.env, fees, currency_obj=currency),
                    )
                )
            else:
                sentences.append(
                    _(
                        "No credit note: nothing of the returned goods was invoiced, "
                        "so the order was adjusted instead (%(orders)s).",
                        orders=", ".join(self.line_ids.order_id.mapped("name")),
                    )
                )
                if fees:
                    sentences.append(
                        _(
                            "Fees of %(fees)s were added to the order.",
                            fees=formatLang(self.env, fees, currency_obj=currency),
                        )
                    )
        elif self.state in ("rejected", "cancel"):
            sentences.append(_("No refund: the return is closed."))
        elif self.line_ids:
            invoiced = self.line_ids.filtered(
                lambda line: line.sale_line_id.qty_invoiced > 0
            )
            if invoiced:
                sentences.append(
                    _(
                        "Settling issues a credit note for the invoiced goods "
                        "received, less any restocking and return shipping fees."
                    )
                )
            if self.line_ids - invoiced:
                sentences.append(
                    _(
                        "Nothing was invoiced for %(products)s: settling adjusts the "
                        "order, without credit note.",
                        products=", ".join(
                            (self.line_ids - invoiced).product_id.mapped("display_name")
                        ),
                    )
                )
        if self.resolution == "exchange" and self.state not in ("rejected", "cancel"):
            sentences.append(_("An exchange order ships the replacement goods."))
        return "\n".join(sentences)

    def _oms_workflow_fields(self):
        return super()._oms_workflow_fields() | {
            "date_done",
            "credit_note_ids",
            "exchange_order_id",
            "refund_amount",
            "cost_amount",
        }

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
        self._oms_workflow_write({"state": "done", "date_done": fields.Datetime.now()})
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
            if sale_line._oms_invoiced_on_order():
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
            credit_lines = credit_note.invoice_line_ids.filtered(
                lambda cl, sol=line.sale_line_id: sol in cl.sale_line_ids
            )
            if credit_lines:
                line._oms_workflow_write(
                    {"credit_line_ids": [Command.link(cl.id) for cl in credit_lines]}
                )
        self._oms_workflow_write({"credit_note_ids": [Command.link(credit_note.id)]})
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
            line._oms_workflow_write({"exchange_line_id": order_line.id})
        order.action_confirm()
        self._oms_workflow_write({"exchange_order_id": order.id})
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
        transaction, with ``_prepare_channel_refund_values()``. It hands the
        values to the channel (``oms.channel._oms_channel_refund()``), which a
        marketplace connector overrides to refund the customer on the
        platform through a queued job, so a slow or failing API never blocks
        the settlement. Returns True when a connector took care of it.
        """
        if not self.channel_id:
            return False
        return self.channel_id._oms_channel_refund(values)
