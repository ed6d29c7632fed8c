# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from oms_domain.invoicing import Basis, invoice_basis, qty_to_invoice


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("order_id.channel_id.oms_invoice_policy")
    def _compute_qty_to_invoice(self):
        # The channel's invoicing policy decides which quantity is invoiced,
        # whatever the product's own policy says.
        res = super()._compute_qty_to_invoice()
        for line in self:
            policy = line.order_id.channel_id.oms_invoice_policy
            if policy not in ("confirm", "delivery") or line.state != "sale":
                continue
            if line.display_type:
                continue
            line.qty_to_invoice = qty_to_invoice(
                line._oms_invoice_basis(),
                line.product_uom_qty,
                line.qty_delivered,
                line.qty_invoiced,
            )
        return res

    def _oms_invoice_basis(self):
        """'order' or 'delivery': the quantity this line is invoiced on."""
        self.ensure_one()
        return invoice_basis(
            self.order_id.channel_id.oms_invoice_policy,
            self.product_id.invoice_policy,
            self.qty_delivered_method == "stock_move",
        ).value

    def _oms_invoiced_on_order(self):
        return self._oms_invoice_basis() == Basis.ORDERED.value
