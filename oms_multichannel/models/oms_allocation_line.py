# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsAllocationLine(models.Model):
    _name = "oms.allocation.line"
    _description = "Order Line Allocation"
    _order = "id desc"

    trace_id = fields.Many2one(
        "oms.allocation.trace", required=True, ondelete="cascade", index=True
    )
    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    sale_line_id = fields.Many2one(
        "sale.order.line", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one("product.product", required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    warehouse_id = fields.Many2one("stock.warehouse", string="Location", index=True)
    supplier_id = fields.Many2one(
        "res.partner",
        string="Dropship Supplier",
        help="Vendor that ships this quantity straight to the customer.",
    )
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    state = fields.Selection(
        [
            ("allocated", "Allocated"),
            ("incoming", "On incoming receipt"),
            ("backorder", "Backordered"),
            ("dropship", "Dropshipped by the supplier"),
            ("failed", "Could not ship"),
            ("replaced", "Replaced"),
        ],
        required=True,
        index=True,
    )
    expected_date = fields.Datetime(help="Receipt the allocation waits for.")
    date = fields.Date(
        default=fields.Date.context_today,
        required=True,
        index=True,
        help="Day of the allocation: counts against the location's daily capacity.",
    )
