# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from oms_domain.packing import BoxType


class StockPackageType(models.Model):
    _inherit = "stock.package.type"

    oms_suggest = fields.Boolean(
        string="Suggest for Deliveries",
        default=True,
        help="Box suggestion on deliveries may choose this package type. It needs "
        "its length, width and height (inner size).",
    )

    def _oms_suggestable(self, company):
        """Package types box suggestion may choose for ``company``'s deliveries."""
        return self.search(
            [
                ("oms_suggest", "=", True),
                ("packaging_length", ">", 0),
                ("width", ">", 0),
                ("height", ">", 0),
                ("company_id", "in", [False, company.id]),
            ]
        )

    def _oms_size_cm(self):
        """(length, width, height) of the package type in centimetres."""
        self.ensure_one()
        length_uom = self.env[
            "product.template"
        ]._get_length_uom_id_from_ir_config_parameter()
        cm = self.env.ref("uom.product_uom_cm")
        return tuple(
            length_uom._compute_quantity(value, cm, round=False)
            for value in (self.packaging_length, self.width, self.height)
        )

    def _oms_box_type(self):
        """The package type as a :class:`~oms_domain.packing.BoxType` (cm and
        the database's weight unit, as product sizes and weights)."""
        self.ensure_one()
        return BoxType(
            self.id,
            *self._oms_size_cm(),
            max_weight=self.max_weight,
            base_weight=self.base_weight,
        )
