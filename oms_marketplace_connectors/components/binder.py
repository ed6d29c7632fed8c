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


def bind_variants_by_sku(account, variants):
    """Bind a platform's variants to the products of the same SKU.

    :param variants: dicts with ``external_id`` and ``sku`` and any other value
        of ``oms.connector.product.binding`` the platform gives
        (``external_product_id``, ``inventory_item_id``)
    :return: (bound count, [unmatched SKUs or ids], [duplicate SKUs])
    """
    env = account.env
    skus = {variant["sku"] for variant in variants if variant["sku"]}
    products = env["product.product"].search(
        [
            ("default_code", "in", list(skus)),
            ("company_id", "in", (False, account.company_id.id)),
        ]
    )
    by_sku = {}
    for product in products:
        by_sku.setdefault(product.default_code, []).append(product)
    binding_model = env["oms.connector.product.binding"].sudo()
    existing = binding_model.search([("account_id", "=", account.id)])
    by_external = {binding.external_id: binding for binding in existing}
    by_product = {binding.product_id.id: binding for binding in existing}
    bound, unmatched, ambiguous = 0, [], []
    for variant in variants:
        matches = by_sku.get(variant["sku"], []) if variant["sku"] else []
        if len(matches) != 1:
            (ambiguous if matches else unmatched).append(
                variant["sku"] or variant["external_id"]
            )
            continue
        vals = dict(variant, product_id=matches[0].id)
        binding = by_external.get(vals["external_id"]) or by_product.get(matches[0].id)
        if binding:
            binding.write(vals)
        else:
            by_product[matches[0].id] = binding_model.create(
                dict(vals, account_id=account.id)
            )
        bound += 1
    return bound, unmatched, ambiguous
