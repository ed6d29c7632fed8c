# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def action_pos_session_closing_control(
        self,
        balancing_account=False,
        amount_to_balance=0,
        bank_payment_method_diffs=None,
    ):
        res = super().action_pos_session_closing_control(
            balancing_account, amount_to_balance, bank_payment_method_diffs
        )
        # No sale is rung up any more: the lines' goods go back on sale.
        closing = self.filtered(lambda s: s.state in ("closing_control", "closed"))
        self.env["oms.pos.hold"]._oms_sessions_closed(closing)
        return res
