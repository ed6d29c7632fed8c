# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class OmsChannelSkuMap(models.Model):
    """A channel's SKU that is not the product's internal reference.

    Recorded when staff map an unknown SKU from an order in exception, so that
    the next order of that channel resolves. Connector bindings, when they
    exist, are consulted first (``oms.intake.resolver``).
    """

    _name = "oms.channel.sku.map"
    _description = "Channel SKU Mapping"
    _order = "channel_id, sku"
    _rec_name = "sku"
    _check_company_auto = True

    channel_id = fields.Many2one(
        "oms.channel", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    sku = fields.Char(string="Channel SKU", required=True, index=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )

    _sql_constraints = [
        (
            "channel_sku_uniq",
            "unique(channel_id, sku)",
            "A channel SKU maps to one product.",
        ),
    ]

    @api.model
    def _oms_products(self, channel, skus):
        """``{sku: product.product}`` mapped for ``channel``."""
        if not skus:
            return {}
        maps = self.sudo().search(
            [("channel_id", "=", channel.id), ("sku", "in", list(skus))]
        )
        return {item.sku: item.product_id for item in maps if item.product_id.active}

    @api.model
    def _oms_remember(self, channel, sku, product):
        """Map ``sku`` of ``channel`` to ``product`` (replacing any mapping)."""
        existing = self.search(
            [("channel_id", "=", channel.id), ("sku", "=", sku)], limit=1
        )
        if existing:
            existing.product_id = product
            return existing
        return self.create(
            {"channel_id": channel.id, "sku": sku, "product_id": product.id}
        )
