# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Binder: Odoo products to the ids the generic HTTP channel knows them by."""


class ProductSkuBinder:
    """A custom webshop knows products by their SKU, Odoo's internal reference.

    Products without an internal reference are not bound: the channel could not
    match them, so they are left out of the documents.
    """

    def __init__(self, products_model):
        self.products_model = products_model

    def to_external(self, product_ids):
        """``{product_id: sku}`` for the bound products, in one read."""
        products = self.products_model.browse(product_ids).with_context(
            active_test=False
        )
        return {
            product.id: product.default_code
            for product in products
            if product.default_code
        }
