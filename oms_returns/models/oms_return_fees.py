# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields, models

from oms_domain.returns import (
    FeeLine,
    charge_return_shipping,
    restocking_fee,
    spread_fees,
)

from .oms_return import RETURNS_USER


class OmsReturn(models.Model):
    """Restocking and return shipping fees deducted at settlement."""

    # Same model, one file per capability (see oms_return.py).
    _inherit = "oms.return"  # pylint: disable=consider-merging-classes-inherited

    restocking_fee = fields.Monetary(copy=False, readonly=True, groups=RETURNS_USER)
    return_shipping_fee = fields.Monetary(
        copy=False, readonly=True, groups=RETURNS_USER
    )

    def _oms_workflow_fields(self):
        return super()._oms_workflow_fields() | {
            "restocking_fee",
            "return_shipping_fee",
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
            self._oms_workflow_write(
                {"restocking_fee": fee, "return_shipping_fee": shipping}
            )
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
        self._oms_workflow_write(
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
