# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def write(self, vals):
        res = super().write(vals)
        if "name" in vals:
            # The order intake caches currency ids by ISO code
            # (oms.intake.resolver); Odoo clears caches on create and unlink.
            self.env.registry.clear_cache()
        return res
