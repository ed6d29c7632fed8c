# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        # Warehouse staff validating a return receipt need no rights on returns.
        returns = self.move_ids.sudo().oms_return_line_id.return_id
        if returns:
            returns._oms_check_received()
        return res
