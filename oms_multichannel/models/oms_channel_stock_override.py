# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from oms_domain.ats import AtsPolicy
from oms_domain.errors import DomainError


class OmsChannelStockOverride(models.Model):
    """Available-to-sell policy of one product on one channel.

    Replaces the channel's policy for that product as a whole; a new override
    starts from the channel's values.
    """

    _name = "oms.channel.stock.override"
    _description = "Channel Stock Override"
    _order = "channel_id, product_id"
    _rec_name = "product_id"
    _check_company_auto = True

    channel_id = fields.Many2one(
        "oms.channel", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    excluded = fields.Boolean(
        string="Not Offered", help="Advertise 0 for this product on this channel."
    )
    share_percent = fields.Float(
        string="Share of Stock (%)",
        compute="_compute_policy",
        store=True,
        readonly=False,
        precompute=True,
    )
    buffer = fields.Float(
        compute="_compute_policy", store=True, readonly=False, precompute=True
    )
    max_qty = fields.Float(
        string="Maximum to Advertise",
        compute="_compute_policy",
        store=True,
        readonly=False,
        precompute=True,
        help="0: no maximum.",
    )
    zero_below = fields.Float(
        string="Show 0 Below",
        compute="_compute_policy",
        store=True,
        readonly=False,
        precompute=True,
        help="0: off.",
    )

    _sql_constraints = [
        (
            "channel_product_uniq",
            "unique(channel_id, product_id)",
            "A product has one override per channel.",
        ),
    ]

    @api.depends("channel_id")
    def _compute_policy(self):
        for override in self:
            channel = override.channel_id
            override.share_percent = channel.ats_share_percent if channel else 100.0
            override.buffer = channel.ats_buffer
            override.max_qty = channel.ats_max_qty
            override.zero_below = channel.ats_zero_below

    @api.constrains("share_percent", "buffer", "max_qty", "zero_below")
    def _check_policy(self):
        for override in self:
            try:
                override._oms_ats_policy()
            except DomainError as error:
                raise ValidationError(
                    self.env._(
                        "Override of %(product)s: %(error)s",
                        product=override.product_id.display_name,
                        error=self.env["oms.domain.message"]._oms_error_message(error),
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        overrides = super().create(vals_list)
        self.env["oms.channel.stock"]._oms_mark_pairs(overrides._oms_keys())
        return overrides

    def write(self, vals):
        keys = self._oms_keys()
        res = super().write(vals)
        self.env["oms.channel.stock"]._oms_mark_pairs(keys | self._oms_keys())
        return res

    def unlink(self):
        keys = self._oms_keys()
        res = super().unlink()
        self.env["oms.channel.stock"]._oms_mark_pairs(keys)
        return res

    def _oms_ats_policy(self):
        self.ensure_one()
        return AtsPolicy(
            share_percent=self.share_percent,
            buffer=self.buffer,
            max_qty=self.max_qty,
            zero_below=self.zero_below,
            excluded=self.excluded,
        )

    def _oms_keys(self):
        return {(override.channel_id.id, override.product_id.id) for override in self}
