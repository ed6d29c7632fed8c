# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Outbound URL policy of connector calls (see ``oms_domain.outbound``)."""

from oms_domain import connector as codes
from oms_domain.connector import ConnectorError

try:
    from oms_domain.outbound import check_url
except ImportError:  # until the shared outbound policy lands
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    def check_url(url, allow_private=False):
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("only http(s) URLs are allowed")
        if allow_private:
            return url
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443)
        except OSError as error:
            raise ValueError("unknown host") from error
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise ValueError("private, loopback or link-local address")
        return url


def check_outbound_url(url, allow_private):
    try:
        check_url(url, allow_private=allow_private)
    except ValueError as error:
        raise ConnectorError(codes.URL_REFUSED, str(error)) from error
