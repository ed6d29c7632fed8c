# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    product_length = fields.Float("Length (cm)", digits="Stock Weight")
    product_width = fields.Float("Width (cm)", digits="Stock Weight")
    product_height = fields.Float("Height (cm)", digits="Stock Weight")

    @api.onchange("product_length", "product_width", "product_height")
    def _onchange_dimensions(self):
        # Packing and carriers work from the box size; volume follows it.
        for template in self:
            if (
                template.product_length
                and template.product_width
                and (template.product_height)
            ):
                template.volume = (
                    template.product_length
                    * template.product_width
                    * template.product_height
                    / 1_000_000
                )
