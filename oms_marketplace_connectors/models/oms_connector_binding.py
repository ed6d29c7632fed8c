# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsConnectorBinding(models.AbstractModel):
    """Common fields of bindings: an external id of one account, mapped to an
    Odoo record (OCA connector's binder role)."""

    _name = "oms.connector.binding"
    _description = "Connector Binding"

    account_id = fields.Many2one(
        "oms.connector.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="account_id.company_id", store=True, index=True, precompute=True
    )
    external_id = fields.Char("External Id", required=True, index=True)
