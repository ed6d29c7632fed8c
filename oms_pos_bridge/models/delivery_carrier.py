# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DeliveryCarrier(models.Model):
    """Click & collect terms of a store pickup carrier (``oms_is_pickup``, from
    Order Management, marks the carrier as a pickup in store)."""

    _inherit = "delivery.carrier"

    oms_pickup_days = fields.Integer(
        string="Days to Collect",
        default=7,
        help="Days the customer has to collect a pickup once it is ready; then "
        "the goods go back to the shelf and the order is cancelled.",
    )
    oms_pickup_reminder_days = fields.Integer(
        string="Reminder Before Deadline (Days)",
        default=2,
        help="Days before the pickup deadline the customer is reminded. "
        "0: no reminder.",
    )

    @api.constrains("oms_pickup_days", "oms_pickup_reminder_days")
    def _check_oms_pickup_days(self):
        for carrier in self:
            if carrier.oms_pickup_days < 1 or carrier.oms_pickup_reminder_days < 0:
                raise ValidationError(
                    self.env._(
                        "A pickup gives the customer at least one day, and the "
                        "reminder cannot come after the deadline."
                    )
                )
