# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from oms_domain.connector import ConnectorError


class OmsChannel(models.Model):
    """Channels fed by a connector account: their exporter and refund hook."""

    # One file per capability, like the stock jobs and the HTTP exporter.
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    stock_export_type = fields.Selection(
        selection_add=[("shopify", "Shopify"), ("woocommerce", "WooCommerce")],
        ondelete={"shopify": "set default", "woocommerce": "set default"},
    )

    def _oms_connector_account(self):
        self.ensure_one()
        return (
            self.env["oms.connector.account"]
            .sudo()
            .search([("channel_id", "=", self.id)], limit=1)
        )

    def _oms_stock_exporter_shopify(self):
        """Exporter of channels fed by a Shopify account."""
        self.ensure_one()
        account = self._oms_connector_account()
        if not account:
            return None
        return account._oms_backend().stock_exporter()

    def _oms_stock_exporter_woocommerce(self):
        """Exporter of channels fed by a WooCommerce account."""
        return self._oms_stock_exporter_shopify()

    def _oms_stock_error_message(self, error):
        # Connector failures carry the connector's code as their reason.
        if self.stock_export_type in ("shopify", "woocommerce") and getattr(
            error, "reason", None
        ):
            account = self._oms_connector_account()
            return account._oms_error_message(ConnectorError(error.reason))
        return super()._oms_stock_error_message(error)

    def _oms_channel_refund(self, values):
        """Refund a settled return on the channel's platform (queued).

        ``values`` is what ``oms.return._prepare_channel_refund_values()``
        gives; oms_returns calls this when a return is settled. Returns True
        when a connector account took care of it.
        """
        self.ensure_one()
        account = self._oms_connector_account()
        if not account or not account.active or not account.push_refunds:
            return super()._oms_channel_refund(values)
        return account._oms_queue_return_refund(values)
