# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from oms_domain import ratelimit
from oms_domain.connector import ConnectorError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_tracking_number = fields.Char(
        string="Tracking Number",
        copy=False,
        help="Sent with the shipment to the marketplace (the carrier's tracking "
        "reference is used when the delivery module sets one).",
    )
    oms_fulfillment_ref = fields.Char(
        string="Marketplace Fulfillment", copy=False, readonly=True
    )

    def _action_done(self):
        res = super()._action_done()
        self._oms_enqueue_fulfillments()
        return res

    def _oms_order_binding(self):
        self.ensure_one()
        order = self.sale_id
        if not order:
            return self.env["oms.connector.order.binding"]
        return (
            self.env["oms.connector.order.binding"]
            .sudo()
            .search([("sale_order_id", "=", order.id)], limit=1)
        )

    def _oms_enqueue_fulfillments(self):
        for picking in self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.sale_id
        ):
            binding = picking._oms_order_binding()
            account = binding.account_id
            if not account.active or not account.push_fulfillments:
                continue
            account._oms_delay(
                ratelimit.PRIORITY_FULFILMENTS,
                "oms_fulfillment:%s" % picking.id,
                self.env._(
                    "Shipment %(picking)s to %(account)s",
                    picking=picking.name,
                    account=account.name,
                ),
                record=picking.sudo(),
            )._oms_push_fulfillment()

    def _oms_push_fulfillment(self):
        """Job: create the platform's fulfillment of this done delivery once."""
        self.ensure_one()
        if self.oms_fulfillment_ref or self.state != "done":
            return self.oms_fulfillment_ref
        binding = self._oms_order_binding()
        account = binding.account_id.sudo()
        try:
            ref = account._oms_backend().push_fulfillment(self, binding)
        except ConnectorError as error:
            account._oms_retry_or_raise(error)
        if not ref:
            raise UserError(
                self.env._(
                    "Nothing of %s is left to fulfil on the platform.", self.name
                )
            )
        self.oms_fulfillment_ref = ref
        account._oms_record_success()
        return ref

    def _oms_tracking_info(self):
        """Tracking number, carrier and URL of the delivery, for the platform."""
        self.ensure_one()
        number = self.oms_tracking_number or ""
        company = url = ""
        if "carrier_tracking_ref" in self._fields:
            number = self.carrier_tracking_ref or number
            company = self.carrier_id.name or ""
            url = (self.carrier_tracking_url or "") if number else ""
        return {"tracking_number": number, "company": company, "url": url}
