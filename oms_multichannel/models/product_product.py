# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, models
from odoo.tools import float_is_zero

# Nested kits deeper than this are not followed when looking for the kits that
# use a component (a BoM cycle would otherwise loop).
KIT_DEPTH = 10


class ProductProduct(models.Model):
    _inherit = "product.product"

    # Kits (phantom bills of materials, when Manufacturing is installed) --------------

    def _oms_kit_components(self):
        """``{kit product id: ((component id, quantity per kit), ...)}`` of the
        kits among ``self``.

        Kits are products with a phantom bill of materials (module ``mrp``); without
        it nothing is a kit. Nested kits are flattened to their stocked components,
        in the component's unit, as Odoo computes a kit's quantities; components
        that are not storable or of quantity 0 are left out, like Odoo does.
        """
        if "mrp.bom" not in self.env or not self:
            return {}
        # Most products are no kit: one search finds the few that may be, before
        # anything is read per product.
        products = self.sudo()
        # their templates in one query (attribute access here fetched one by one)
        products.search_fetch([("id", "in", products.ids)], ["product_tmpl_id"])
        boms = self.env["mrp.bom"].sudo()
        boms = boms.search(boms._bom_find_domain(products, bom_type="phantom"))
        if not boms:
            return {}
        products = products & (
            boms.product_id
            | boms.filtered(
                lambda bom: not bom.product_id
            ).product_tmpl_id.product_variant_ids
        )
        result = {}
        by_company = defaultdict(lambda: products.browse())
        for product in products:
            by_company[product.company_id] |= product
        for company, some in by_company.items():
            boms = (
                self.env["mrp.bom"]
                .sudo()
                ._bom_find(some, bom_type="phantom", company_id=company.id or False)
            )
            for product, bom in boms.items():
                if not bom:
                    continue
                _boms, lines = bom.explode(product, 1)
                kit_units = bom.product_uom_id._compute_quantity(
                    bom.product_qty, product.uom_id, round=False
                )
                per_kit = defaultdict(float)
                for bom_line, data in lines:
                    component = bom_line.product_id
                    if not component.is_storable or float_is_zero(
                        data["qty"], precision_rounding=bom_line.product_uom_id.rounding
                    ):
                        continue
                    per_kit[component.id] += bom_line.product_uom_id._compute_quantity(
                        data["qty"] / (data["original_qty"] or 1.0),
                        component.uom_id,
                        round=False,
                        raise_if_failure=False,
                    ) / (kit_units or 1.0)
                result[product.id] = tuple(per_kit.items())
        return result

    def _oms_kits_using(self):
        """Kits (``product.product``) having any of ``self`` among their
        components, directly or through nested kits."""
        if "mrp.bom" not in self.env or not self:
            return self.browse()
        Line = self.env["mrp.bom.line"].sudo()
        kits = self.browse()
        todo = self.sudo()
        for _depth in range(KIT_DEPTH):
            boms = Line.search(
                [("product_id", "in", todo.ids), ("bom_id.type", "=", "phantom")]
            ).bom_id
            found = (
                boms.filtered("product_id").product_id
                | boms.filtered(
                    lambda bom: not bom.product_id
                ).product_tmpl_id.product_variant_ids
            )
            todo = found - kits
            if not todo:
                break
            kits |= todo
        return kits.sudo(False)

    @api.model
    def _oms_kit_products_domain(self):
        """Domain of the products that are kits (empty match without mrp)."""
        if "mrp.bom" not in self.env:
            return [("id", "=", 0)]
        boms = self.env["mrp.bom"].sudo().search([("type", "=", "phantom")])
        return [
            "|",
            ("id", "in", boms.product_id.ids),
            (
                "product_tmpl_id",
                "in",
                boms.filtered(lambda b: not b.product_id).product_tmpl_id.ids,
            ),
        ]

    # Dropship suppliers --------------------------------------------------------------

    @api.model
    def _oms_dropship_route(self):
        """Odoo's Dropship route (module ``stock_dropshipping``), or an empty
        recordset when it is not installed."""
        route = self.env.ref(
            "stock_dropshipping.route_drop_shipping", raise_if_not_found=False
        )
        return route.sudo() if route and route.active else self.env["stock.route"]

    def _oms_dropship_sellers(self, company):
        """``{product id: product.supplierinfo}``: the vendor that dropships each
        of ``self`` when no location can ship it, for ``company``.

        Products marked *Dropship When Out of Stock* with a vendor, when Odoo's
        dropship route exists; the vendor is the one Odoo's purchase would pick.
        """
        if not self._oms_dropship_route():
            return {}
        result = {}
        for product in self.sudo().filtered("oms_dropship_fallback"):
            seller = product.with_company(company)._select_seller(
                quantity=None, uom_id=product.uom_id
            )
            if seller:
                result[product.id] = seller
        return result
