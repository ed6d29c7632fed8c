# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    oms_return_location_id = fields.Many2one(
        "stock.location",
        string="Returns Inspection Location",
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        check_company=True,
        help="Returned goods to inspect, scrap or send back to the vendor wait "
        "here, outside the sellable stock. Created on first use if empty.",
    )

    def _oms_get_return_location(self):
        """Inspection location of the warehouse, created on first use."""
        self.ensure_one()
        if not self.oms_return_location_id:
            # Beside WH/Stock, not under it: nothing here may be reserved for
            # a delivery before someone decided.
            self.sudo().oms_return_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Returns Inspection"),
                        "usage": "internal",
                        "location_id": self.view_location_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            )
        return self.oms_return_location_id
