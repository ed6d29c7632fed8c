# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import fields, models

from oms_domain.connector import ConnectorError


class OmsConnectorRefund(models.Model):
    """A refund on the platform: made there (to reflect here) or sent by us
    for a settled return (``return_ref`` keeps it from being sent twice)."""

    _name = "oms.connector.refund"
    _inherit = "oms.connector.binding"
    _description = "Connector Refund"
    _order = "id desc"

    external_id = fields.Char(required=False)
    order_binding_id = fields.Many2one(
        "oms.connector.order.binding", ondelete="cascade", index=True
    )
    sale_order_id = fields.Many2one(related="order_binding_id.sale_order_id")
    origin = fields.Selection(
        [("platform", "Made on the Platform"), ("odoo", "Sent from a Return")],
        required=True,
        default="platform",
    )
    amount = fields.Char()
    currency = fields.Char()
    note = fields.Char()
    refunded_at = fields.Char("Refunded On")
    return_ref = fields.Char("Return Reference", index=True)
    state = fields.Selection(
        [("pending", "To Send"), ("done", "Done"), ("failed", "Failed")],
        default="done",
        required=True,
    )
    error = fields.Char(readonly=True)
    lines_json = fields.Text(
        readonly=True, help="Line items and quantities sent (JSON)."
    )

    _sql_constraints = [
        (
            "account_refund_uniq",
            "unique(account_id, external_id)",
            "This refund is already recorded on this account.",
        ),
        (
            "account_return_uniq",
            "unique(account_id, return_ref)",
            "This return's refund is already recorded on this account.",
        ),
    ]

    def _oms_push(self):
        """Job: create this refund of a settled return on the platform once."""
        self.ensure_one()
        if self.state == "done" or self.origin != "odoo":
            return self.external_id
        account = self.account_id.sudo()
        lines = json.loads(self.lines_json or "[]")
        try:
            external_id = account._oms_backend().push_refund(
                self, [(line, qty) for line, qty in lines], self.amount
            )
        except ConnectorError as error:
            if error.retryable:
                account._oms_retry_or_raise(error)
            self.write({"state": "failed", "error": account._oms_error_message(error)})
            account._oms_record_error(error)
            return False
        self.write({"state": "done", "external_id": external_id, "error": False})
        account._oms_record_success()
        return external_id
