# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    oms_returnable = fields.Boolean(
        string="Returnable",
        default=True,
        help="Uncheck for final-sale goods (hygiene products, custom-made items): "
        "return requests for them are refused.",
    )
