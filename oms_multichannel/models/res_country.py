# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResCountry(models.Model):
    _inherit = "res.country"

    # The order intake caches country ids by code (oms.intake.resolver).

    @api.model_create_multi
    def create(self, vals_list):
        countries = super().create(vals_list)
        self.env.registry.clear_cache()
        return countries

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
