# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_check_availability(self):
        # Under the terminals' lock: a channel order and a terminal cannot
        # both take the last unit of a store (the free stock read next counts
        # the active holds).
        checked = self.filtered(
            lambda order: order.sudo().channel_id.stock_block_oversell
        )
        products = checked.order_line.product_id
        kits = products._oms_kit_components()
        product_ids = set(products.filtered("is_storable").ids)
        product_ids |= {c for parts in kits.values() for c, _qty in parts}
        if product_ids:
            self.env["oms.pos.hold"]._oms_lock_pos_stock(
                product_ids, checked.company_id
            )
        return super()._oms_check_availability()
