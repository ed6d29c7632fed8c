# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# oms_domain.outbound: why a URL or an address is refused (OutboundRefused.code,
# prefixed), and the sentences around it.
OUTBOUND_MESSAGES = {
    "outbound_url": _lt("it is not a valid URL"),
    "outbound_scheme": _lt("only http and https URLs can be called"),
    "outbound_userinfo": _lt("user names and passwords do not belong in the URL"),
    "outbound_host": _lt("the URL has no host"),
    "outbound_port": _lt("the port is not valid"),
    "outbound_unspecified": _lt("it is not a real address"),
    "outbound_loopback": _lt("it points to this server itself"),
    "outbound_link_local": _lt(
        "it is a link-local address, such as a cloud metadata service"
    ),
    "outbound_multicast": _lt("it is a multicast address"),
    "outbound_private": _lt("it is on a private network"),
    "outbound_reserved": _lt("it is a reserved address"),
    "outbound_non_global": _lt("it is not a public internet address"),
    "outbound_refused_address": _lt(
        "Channel %(channel)s: the stock endpoint %(target)s is refused: "
        "%(reason)s. A connector manager may allow private network targets on "
        "the channel."
    ),
    "outbound_refused": _lt(
        "Channel %(channel)s: the stock endpoint is refused: %(reason)s."
    ),
    "stock_export_refused_reason": _lt(
        "the endpoint address is not allowed: %(reason)s"
    ),
}


class OmsDomainMessage(models.AbstractModel):
    _inherit = "oms.domain.message"

    @api.model
    def _oms_messages(self):
        return {**super()._oms_messages(), **OUTBOUND_MESSAGES}
