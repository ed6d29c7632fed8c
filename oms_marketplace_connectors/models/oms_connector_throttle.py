# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmsConnectorThrottle(models.Model):
    """Rate-limit bucket of an account, shared by every job process.

    Its own table: the limiter locks this row for a few microseconds per call
    and never blocks edits of the account or anything sales touch.
    """

    _name = "oms.connector.throttle"
    _description = "Connector Rate Limit State"

    # A plain integer, no foreign key: the limiter's own short transaction
    # must not wait for the transaction that created the account.
    account_id = fields.Integer(required=True, index=True)
    state = fields.Text(default="{}")

    _sql_constraints = [
        ("account_uniq", "unique(account_id)", "One rate-limit state per account.")
    ]
