# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from oms_domain.errors import DomainError
from oms_domain.returns import PolicyRule


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    return_window_days = fields.Integer(
        string="Return Window (days)",
        help="Days after delivery during which customers may return goods; "
        "0 means no limit. Product categories can set their own window.",
    )
    restocking_fee_percent = fields.Float(
        string="Restocking Fee (%)",
        digits=(16, 2),
        help="Share of the untaxed value of goods returned for a reason on the "
        "customer (e.g. changed mind) kept as restocking fee.",
    )
    return_shipping_fee = fields.Monetary(
        currency_field="currency_id",
        help="Deducted from the refund when every returned line is on the customer.",
    )
    return_shipping_cost = fields.Monetary(
        currency_field="currency_id",
        help="What a return shipment costs the merchant; used in the return "
        "analysis only.",
    )
    return_fee_product_id = fields.Many2one(
        "product.product",
        string="Restocking Fee Product",
        default=lambda self: self.env.ref(
            "oms_returns.product_restocking_fee", raise_if_not_found=False
        ),
        check_company=True,
    )
    return_shipping_product_id = fields.Many2one(
        "product.product",
        default=lambda self: self.env.ref(
            "oms_returns.product_return_shipping", raise_if_not_found=False
        ),
        check_company=True,
    )

    @api.constrains(
        "return_window_days",
        "restocking_fee_percent",
        "return_shipping_fee",
        "return_shipping_cost",
    )
    def _check_oms_return_policy(self):
        for channel in self:
            try:
                channel._oms_return_policy_rule()
            except DomainError as error:
                raise ValidationError(
                    self.env["oms.return.line"]._oms_domain_error_message(error)
                ) from error
            if channel.return_shipping_fee < 0 or channel.return_shipping_cost < 0:
                raise ValidationError(
                    self.env._(
                        "Channel %(channel)s: return shipping fee and cost cannot "
                        "be negative.",
                        channel=channel.display_name,
                    )
                )

    def _oms_return_policy_rule(self):
        """The channel's return policy as a plain domain value."""
        self.ensure_one()
        return PolicyRule(
            window_days=self.return_window_days or None,
            restocking_fee_percent=self.restocking_fee_percent,
        )
