# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsConnectorOrderBinding(models.Model):
    _inherit = "oms.connector.order.binding"

    amazon_marketplace_id = fields.Char(
        help="Marketplace the order was placed in: its shipment is confirmed there.",
    )
