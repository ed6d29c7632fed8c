# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import time

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    oms_cutoff_time = fields.Float(
        string="Daily Cut-off",
        help="Time of day (warehouse time) the carrier collects its parcels: "
        "pick waves gather the deliveries due before it. 0: no cut-off, one "
        "wave per day.",
    )
    oms_is_pickup = fields.Boolean(
        string="Store Pickup",
        help="The customer collects the order: no shipping label, a 'ready for "
        "pickup' notification instead of 'shipped'.",
    )

    @api.constrains("oms_cutoff_time")
    def _check_oms_cutoff_time(self):
        for carrier in self:
            if not 0 <= carrier.oms_cutoff_time < 24:
                raise ValidationError(
                    self.env._("A cut-off is a time of day, between 00:00 and 23:59.")
                )

    def _oms_cutoff(self):
        """The cut-off as a :class:`datetime.time`, or None."""
        self.ensure_one()
        if not self.oms_cutoff_time:
            return None
        minutes = round(self.oms_cutoff_time * 60)
        return time(minutes // 60 % 24, minutes % 60)
