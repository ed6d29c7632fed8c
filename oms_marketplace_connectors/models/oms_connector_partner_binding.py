# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsConnectorPartnerBinding(models.Model):
    """A customer of the platform: their next orders go to the same contact,
    even after they changed their email."""

    _name = "oms.connector.partner.binding"
    _inherit = "oms.connector.binding"
    _description = "Connector Customer Binding"

    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )

    _sql_constraints = [
        (
            "account_customer_uniq",
            "unique(account_id, external_id)",
            "This customer is already bound on this account.",
        )
    ]
