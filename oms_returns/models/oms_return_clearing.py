# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class OmsReturn(models.Model):
    """Refunds of returns go back through the channel's clearing journal."""

    _inherit = "oms.return"  # pylint: disable=consider-merging-classes-inherited

    def _oms_settle(self):
        res = super()._oms_settle()
        self._oms_refund_through_clearing()
        return res

    def _oms_refund_through_clearing(self):
        """Pay the posted credit notes back in the clearing journal when the
        invoice they credit was paid through it (the channel holds the money)."""
        credit_notes = self.credit_note_ids.filtered(
            lambda move: (
                move.state == "posted"
                and move.reversed_entry_id
                and move.reversed_entry_id._oms_paid_through_clearing()
            )
        )
        return credit_notes._oms_register_clearing_payment()
