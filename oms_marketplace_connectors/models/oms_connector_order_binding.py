# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsConnectorOrderBinding(models.Model):
    """An order of the platform and its intake (hence its sale order)."""

    _name = "oms.connector.order.binding"
    _inherit = "oms.connector.binding"
    _description = "Connector Order Binding"
    _order = "id desc"
    _rec_name = "name"

    name = fields.Char(help="Order name on the platform, e.g. #1001.")
    intake_id = fields.Many2one("oms.order.intake", ondelete="set null", index=True)
    sale_order_id = fields.Many2one(
        related="intake_id.sale_order_id", store=True, index=True
    )
    external_updated_at = fields.Char("Updated on the Platform")
    external_digest = fields.Char(
        help="Fingerprint of the version taken in, to skip it when it comes again."
    )
    cancelled_at = fields.Char("Cancelled on the Platform")
    financial_status = fields.Char()
    refund_ids = fields.One2many("oms.connector.refund", "order_binding_id")

    _sql_constraints = [
        (
            "account_order_uniq",
            "unique(account_id, external_id)",
            "This order is already bound on this account.",
        )
    ]
