# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# Fields a person changes to override a suggestion.
MANUAL_FIELDS = {"package_type_id", "weight", "contents"}


class OmsPickingBox(models.Model):
    _name = "oms.picking.box"
    _description = "Suggested Box of a Delivery"
    _order = "picking_id, sequence, id"
    _check_company_auto = True

    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    batch_id = fields.Many2one(
        related="picking_id.batch_id", store=True, index=True, string="Batch"
    )
    company_id = fields.Many2one(
        related="picking_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="picking_id.partner_id")
    sequence = fields.Integer(default=10)
    package_type_id = fields.Many2one(
        "stock.package.type", string="Box", required=True, check_company=True
    )
    box_length = fields.Float(related="package_type_id.packaging_length")
    box_width = fields.Float(related="package_type_id.width")
    box_height = fields.Float(related="package_type_id.height")
    length_uom_name = fields.Char(related="package_type_id.length_uom_name")
    contents = fields.Json(
        string="Box Contents", help="{product id: units} in this box."
    )
    contents_display = fields.Char(
        string="Contents", compute="_compute_contents_display"
    )
    weight = fields.Float(
        string="Estimated Weight",
        digits="Stock Weight",
        help="Content plus the empty box.",
    )
    weight_uom_name = fields.Char(related="picking_id.weight_uom_name")
    is_manual = fields.Boolean(
        string="Set by Hand",
        readonly=True,
        help="Changed by a person: a new suggestion leaves this delivery alone "
        "unless asked to suggest again.",
    )
    package_id = fields.Many2one("stock.quant.package", readonly=True, copy=False)

    @api.depends("contents")
    def _compute_contents_display(self):
        product_ids = {int(pid) for box in self for pid in (box.contents or {})}
        products = self.env["product.product"].browse(product_ids).exists()
        names = {product.id: product.display_name for product in products}
        for box in self:
            box.contents_display = ", ".join(
                "%g × %s" % (qty, names.get(int(pid), "?"))
                for pid, qty in (box.contents or {}).items()
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("oms_box_suggestion"):
            for vals in vals_list:
                vals["is_manual"] = True
        return super().create(vals_list)

    def write(self, vals):
        if MANUAL_FIELDS.intersection(vals) and not self.env.context.get(
            "oms_box_suggestion"
        ):
            if self.filtered("package_id"):
                raise UserError(self.env._("A box already packed cannot be changed."))
            vals = dict(vals, is_manual=True)
        return super().write(vals)
