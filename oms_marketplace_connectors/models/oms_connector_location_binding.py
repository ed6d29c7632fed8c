# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsConnectorLocationBinding(models.Model):
    """A location of the platform, mapped to the warehouse or store whose
    stock it shows."""

    _name = "oms.connector.location.binding"
    _inherit = "oms.connector.binding"
    _description = "Connector Location Binding"
    _order = "account_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        ondelete="set null",
        help="Warehouse or store whose free stock this location advertises.",
    )
    push_stock = fields.Boolean(
        default=True,
        help="Send the channel's available-to-sell to this location. The "
        "channel's quantity is spread over the pushed locations in their order, "
        "each taking what its warehouse has free, the first the rest.",
    )

    _sql_constraints = [
        (
            "account_location_uniq",
            "unique(account_id, external_id)",
            "This location is already bound on this account.",
        )
    ]
