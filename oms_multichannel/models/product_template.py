# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    product_length = fields.Float("Length (cm)", digits="Stock Weight")
    product_width = fields.Float("Width (cm)", digits="Stock Weight")
    product_height = fields.Float("Height (cm)", digits="Stock Weight")
    oms_dropship_fallback = fields.Boolean(
        string="Dropship When Out of Stock",
        help="When allocation finds no location to ship it from, the vendor ships "
        "the missing quantity straight to the customer: one purchase order per "
        "vendor, confirmed and sent by email. Needs a vendor on the product and "
        "Odoo's Dropship route (Purchase and the Dropship setting).",
    )

    @api.onchange("product_length", "product_width", "product_height")
    def _onchange_dimensions(self):
        # Packing and carriers work from the box size; volume follows it.
        for template in self:
            if (
                template.product_length
                and template.product_width
                and (template.product_height)
            ):
                template.volume = (
                    template.product_length
                    * template.product_width
                    * template.product_height
                    / 1_000_000
                )

    def action_oms_channel_availability(self):
        """Recompute this product's availability on every channel and show it."""
        self.ensure_one()
        # Public method: the recompute below runs as superuser.
        if not self.env.su and not self.env.user.has_group(
            "oms_multichannel.group_oms_multichannel_user"
        ):
            raise AccessError(
                self.env._(
                    "Only Order Management users may recompute the availability "
                    "on channels."
                )
            )
        self.check_access("read")
        products = self.product_variant_ids.filtered("is_storable")
        channels = self.env["oms.channel"].search([])
        self.env["oms.channel.stock"].sudo()._oms_recompute(channels, products)
        action = self.env["ir.actions.actions"]._for_xml_id(
            "oms_multichannel.oms_channel_stock_action"
        )
        action["domain"] = [("product_id", "in", products.ids)]
        action["context"] = {"search_default_groupby_product": len(products) > 1}
        action["display_name"] = self.env._("Channel Availability")
        return action
