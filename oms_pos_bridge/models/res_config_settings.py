# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_oms_hold_policy = fields.Selection(
        related="pos_config_id.oms_hold_policy", readonly=False
    )
    pos_oms_hold_minutes = fields.Integer(
        related="pos_config_id.oms_hold_minutes", readonly=False
    )
    pos_oms_show_other_stores = fields.Boolean(
        related="pos_config_id.oms_show_other_stores", readonly=False
    )
