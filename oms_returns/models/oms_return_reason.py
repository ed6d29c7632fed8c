# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

DISPOSITIONS = [
    ("restock", "Restock"),
    ("inspect", "Inspect"),
    ("scrap", "Scrap"),
    ("vendor", "Return to Vendor"),
]


class OmsReturnReason(models.Model):
    _name = "oms.return.reason"
    _description = "Return Reason"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the reason between companies.",
    )
    description = fields.Text(translate=True)
    disposition = fields.Selection(
        DISPOSITIONS,
        string="Default Disposition",
        required=True,
        default="restock",
        help="What happens to the goods once received; staff can change it per line.",
    )
    is_defect = fields.Boolean(
        string="Product Defect",
        help="Counts as a quality problem of the product in the return analysis.",
    )
    customer_pays_shipping = fields.Boolean(
        string="Customer Pays Return Shipping",
        help="The customer is responsible for the return: the channel's return "
        "shipping fee and restocking fee are charged.",
    )
    comment_required = fields.Boolean(
        help="Customers must explain the return when choosing this reason."
    )
    portal_visible = fields.Boolean(
        string="Offered on Portal",
        default=True,
        help="Customers can choose this reason when they request a return.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The return reason code must be unique per company.",
        ),
    ]

    def _customer_responsible(self):
        """Whether returns for this reason are on the customer (fees apply)."""
        self.ensure_one()
        return self.customer_pays_shipping and not self.is_defect
