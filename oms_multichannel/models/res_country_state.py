# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResCountryState(models.Model):
    _inherit = "res.country.state"

    # The order intake caches state ids by country and code
    # (oms.intake.resolver).

    @api.model_create_multi
    def create(self, vals_list):
        states = super().create(vals_list)
        self.env.registry.clear_cache()
        return states

    def write(self, vals):
        res = super().write(vals)
        if "code" in vals or "country_id" in vals:
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
