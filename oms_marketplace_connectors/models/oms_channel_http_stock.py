# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from oms_domain.outbound import OutboundRefused, check_url

from ..components.adapter import HttpChannelAdapter
from ..components.binder import ProductSkuBinder
from ..components.mapper import HttpStockMapper
from ..components.stock_exporter import HttpStockExporter

MANAGER_GROUP = "oms_marketplace_connectors.group_oms_marketplace_connectors_manager"
# Refusals about the address, which the manager's flag lifts.
ADDRESS_CODES = (
    "unspecified",
    "loopback",
    "link_local",
    "multicast",
    "private",
    "reserved",
    "non_global",
)


class OmsChannel(models.Model):
    """The generic HTTP stock exporter: where it calls, and how."""

    _inherit = "oms.channel"

    stock_export_type = fields.Selection(
        selection_add=[("http", "Generic HTTP")], ondelete={"http": "set default"}
    )
    # Where the server sends requests: connector managers only, or an OMS
    # manager could make it call any address and read the answer.
    http_stock_url = fields.Char(
        string="Stock Endpoint",
        groups=MANAGER_GROUP,
        copy=False,
        help="http(s) URL the stock levels are POSTed to as JSON. Only public "
        "internet addresses unless private network targets are allowed.",
    )
    http_stock_secret = fields.Char(
        string="Signing Secret",
        groups=MANAGER_GROUP,
        copy=False,
        help="Key of the HMAC-SHA256 signature sent in the X-OMS-Signature header.",
    )
    http_stock_timeout = fields.Float(
        string="Timeout (s)",
        default=10.0,
        groups=MANAGER_GROUP,
        copy=False,
        help="Seconds to connect and to wait for the answer (at most 300).",
    )
    http_stock_allow_private = fields.Boolean(
        string="Allow Private Network Targets",
        groups=MANAGER_GROUP,
        copy=False,
        help="Let the stock endpoint be this server itself or on a private "
        "network (loopback, LAN, link-local addresses). Off: only public "
        "internet addresses are called, checked again at each connection.",
    )
    http_stock_batch_size = fields.Integer(
        string="Products per Call",
        default=100,
        help="Largest number of stock levels the endpoint accepts in one call.",
    )
    # The channel's answers may come from any address a connector manager
    # allowed: theirs to read.
    stock_sync_last_error_detail = fields.Text(groups=MANAGER_GROUP, copy=False)

    @api.constrains(
        "stock_export_type",
        "http_stock_url",
        "http_stock_allow_private",
        "http_stock_batch_size",
        "http_stock_timeout",
    )
    def _check_http_stock(self):
        for channel in self.sudo().filtered(lambda c: c.stock_export_type == "http"):
            try:
                check_url(channel.http_stock_url, channel.http_stock_allow_private)
            except OutboundRefused as refused:
                raise ValidationError(
                    channel._oms_outbound_refusal_message(refused)
                ) from refused
            if not channel.http_stock_secret:
                raise ValidationError(
                    self.env._(
                        "Channel %s: the stock endpoint needs a signing secret.",
                        channel.display_name,
                    )
                )
            if channel.http_stock_batch_size < 1 or not (
                0 < channel.http_stock_timeout <= 300
            ):
                raise ValidationError(
                    self.env._(
                        "Channel %s: products per call must be positive and the "
                        "timeout between 0 and 300 seconds.",
                        channel.display_name,
                    )
                )

    def _oms_outbound_refusal_message(self, refused):
        """Translated sentence for an :class:`~oms_domain.outbound.OutboundRefused`
        of this channel's stock endpoint."""
        self.ensure_one()
        reason = self._oms_outbound_reason(refused.code)
        if refused.code in ADDRESS_CODES:
            return self.env._(
                "Channel %(channel)s: the stock endpoint %(target)s is refused: "
                "%(reason)s. A connector manager may allow private network "
                "targets on the channel.",
                channel=self.display_name,
                target=refused.target,
                reason=reason,
            )
        return self.env._(
            "Channel %(channel)s: the stock endpoint is refused: %(reason)s.",
            channel=self.display_name,
            reason=reason,
        )

    def _oms_outbound_reason(self, code):
        """Translated reason of an outbound refusal code (``oms_domain.outbound``)."""
        reasons = {
            "url": self.env._("it is not a valid URL"),
            "scheme": self.env._("only http and https URLs can be called"),
            "userinfo": self.env._("user names and passwords do not belong in the URL"),
            "host": self.env._("the URL has no host"),
            "port": self.env._("the port is not valid"),
            "unspecified": self.env._("it is not a real address"),
            "loopback": self.env._("it points to this server itself"),
            "link_local": self.env._(
                "it is a link-local address, such as a cloud metadata service"
            ),
            "multicast": self.env._("it is a multicast address"),
            "private": self.env._("it is on a private network"),
            "reserved": self.env._("it is a reserved address"),
        }
        return reasons.get(code) or self.env._("it is not a public internet address")

    def _oms_stock_error_message(self, error):
        if error.code == "refused" and error.reason:
            return self.env._(
                "the endpoint address is not allowed: %s",
                self._oms_outbound_reason(error.reason),
            )
        return super()._oms_stock_error_message(error)

    def _oms_stock_exporter_http(self):
        self.ensure_one()
        channel = self.sudo()
        return HttpStockExporter(
            adapter=HttpChannelAdapter(
                channel.http_stock_url,
                channel.http_stock_secret,
                channel.http_stock_timeout,
                allow_private=channel.http_stock_allow_private,
            ),
            mapper=HttpStockMapper(channel.code),
            binder=ProductSkuBinder(channel.env["product.product"]),
            batch_size=channel.http_stock_batch_size,
        )
