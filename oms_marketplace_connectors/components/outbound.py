# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Outbound URL policy of connector calls (``oms_domain.outbound``)."""

from oms_domain import connector as codes
from oms_domain.connector import ConnectorError
from oms_domain.outbound import OutboundRefused, check_url


def check_outbound_url(url, allow_private):
    """:raise ConnectorError: ``url_refused`` with the policy's code"""
    try:
        check_url(url, allow_private=allow_private)
    except OutboundRefused as error:
        raise ConnectorError(codes.URL_REFUSED, error.code) from error
