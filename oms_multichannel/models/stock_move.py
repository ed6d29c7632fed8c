# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_confirm(self, merge=True, merge_into=False):
        touched = self._oms_touched()
        moves = super()._action_confirm(merge=merge, merge_into=merge_into)
        self._oms_mark_dirty(touched)
        return moves

    def _action_assign(self, force_qty=False):
        touched = self._oms_touched()
        res = super()._action_assign(force_qty=force_qty)
        self._oms_mark_dirty(touched)
        return res

    def _action_cancel(self):
        touched = self._oms_touched()
        res = super()._action_cancel()
        self._oms_mark_dirty(touched)
        return res

    def _action_done(self, cancel_backorder=False):
        touched = self._oms_touched()
        # Quants change once per move line: flag the pairs once for the batch.
        moves = super(
            StockMove, self.with_context(oms_stock_hooks_off=True)
        )._action_done(cancel_backorder=cancel_backorder)
        self._oms_mark_dirty(touched)
        return moves.with_env(self.env)

    def _oms_touched(self):
        # Read before super(): moves may be merged or deleted on the way.
        return self.product_id, self.location_id | self.location_dest_id

    def _oms_mark_dirty(self, touched):
        products, locations = touched
        if products and not self.env.context.get("oms_stock_hooks_off"):
            self.env["oms.channel.stock"]._oms_mark_dirty(products, locations)
