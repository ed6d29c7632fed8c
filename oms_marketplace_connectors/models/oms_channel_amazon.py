# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from oms_domain.connector import ConnectorError


class OmsChannel(models.Model):
    """Channels fed by an Amazon account: their stock exporter."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    stock_export_type = fields.Selection(
        selection_add=[("amazon", "Amazon")], ondelete={"amazon": "set default"}
    )

    def _oms_stock_exporter_amazon(self):
        """Exporter of channels fed by an Amazon account."""
        return self._oms_stock_exporter_shopify()

    def _oms_stock_error_message(self, error):
        if self.stock_export_type == "amazon" and getattr(error, "reason", None):
            account = self._oms_connector_account()
            return account._oms_error_message(ConnectorError(error.reason))
        return super()._oms_stock_error_message(error)
