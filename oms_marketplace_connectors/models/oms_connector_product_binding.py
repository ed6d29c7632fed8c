# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsConnectorProductBinding(models.Model):
    """A product variant as the platform knows it.

    ``external_id`` is the platform's variant id; orders resolve their lines
    through it before the SKU, and stock goes out to its inventory item.
    """

    _name = "oms.connector.product.binding"
    _inherit = "oms.connector.binding"
    _description = "Connector Product Binding"
    _order = "account_id, sku, id"

    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True
    )
    external_product_id = fields.Char("External Product Id")
    sku = fields.Char("SKU")
    inventory_item_id = fields.Char("Inventory Item Id")

    _sql_constraints = [
        (
            "account_variant_uniq",
            "unique(account_id, external_id)",
            "This variant is already bound on this account.",
        ),
        (
            "account_product_uniq",
            "unique(account_id, product_id)",
            "This product is already bound on this account.",
        ),
        (
            "account_item_uniq",
            "unique(account_id, inventory_item_id)",
            "This inventory item is already bound on this account.",
        ),
    ]
