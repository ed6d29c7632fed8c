# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockQuantPackage(models.Model):
    _inherit = "stock.quant.package"

    oms_length = fields.Float(
        "Shipping Length (cm)",
        digits="Stock Weight",
        help="Outer size given to the carrier; filled from the suggested box, "
        "change it after measuring.",
    )
    oms_width = fields.Float("Shipping Width (cm)", digits="Stock Weight")
    oms_height = fields.Float("Shipping Height (cm)", digits="Stock Weight")
