# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .oms_return import RETURNS_USER


class OmsReturnLine(models.Model):
    """What a line is worth when settled: credit, replacement, value and cost."""

    # Same model, one file per capability (see oms_return_line.py).
    _inherit = "oms.return.line"  # pylint: disable=consider-merging-classes-inherited

    credit_line_ids = fields.Many2many(
        "account.move.line",
        "oms_return_line_credit_line_rel",
        "return_line_id",
        "move_line_id",
        string="Credit Note Lines",
        copy=False,
        readonly=True,
        groups=RETURNS_USER,
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
        "sale.order.line",
        string="Replacement Line",
        copy=False,
        readonly=True,
        groups=RETURNS_USER,
    )
    refund_amount = fields.Monetary(
        string="Settled Value",
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
        groups=RETURNS_USER,
    )
    cost_amount = fields.Monetary(
        string="Return Cost",
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
        groups=RETURNS_USER,
        help="Value of scrapped goods plus the return shipping the merchant paid.",
    )

    @api.depends("product_id")
    def _compute_exchange_product_id(self):
        for line in self:
            line.exchange_product_id = line.product_id

    @api.depends("quantity")
    def _compute_exchange_qty(self):
        for line in self:
            line.exchange_qty = line.quantity

    def _oms_workflow_fields(self):
        return super()._oms_workflow_fields() | {
            "credit_line_ids",
            "exchange_line_id",
            "refund_amount",
            "cost_amount",
        }

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
                line._oms_workflow_write(
                    {
                        "refund_amount": value,
                        "cost_amount": line.cost_amount + shipping_cost,
                    }
                )
