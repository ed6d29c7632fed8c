# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from oms_domain.errors import DomainError
from oms_domain.returns import PolicyRule


class ProductCategory(models.Model):
    _inherit = "product.category"

    oms_return_policy = fields.Boolean(
        string="Specific Return Policy",
        help="Products of this category and its sub-categories follow the window "
        "and fee below instead of the sales channel's.",
    )
    oms_return_window_days = fields.Integer(
        string="Return Window (days)", help="0 means no limit."
    )
    oms_restocking_fee_percent = fields.Float(
        string="Restocking Fee (%)", digits=(16, 2)
    )

    @api.constrains(
        "oms_return_policy", "oms_return_window_days", "oms_restocking_fee_percent"
    )
    def _check_oms_return_policy(self):
        for category in self.filtered("oms_return_policy"):
            try:
                category._oms_return_policy_rules()
            except DomainError as error:
                raise ValidationError(
                    self.env["oms.return.line"]._oms_domain_error_message(error)
                ) from error

    def _oms_return_policy_rules(self):
        """Rules from this category up to the root, None where none is set."""
        self.ensure_one()
        rules = []
        category = self
        while category:
            rules.append(
                PolicyRule(
                    window_days=category.oms_return_window_days or None,
                    restocking_fee_percent=category.oms_restocking_fee_percent,
                )
                if category.oms_return_policy
                else None
            )
            category = category.parent_id
        return rules
