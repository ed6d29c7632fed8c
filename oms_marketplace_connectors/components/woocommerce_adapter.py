# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Adapter: the only code that speaks HTTP to the WooCommerce REST API v3."""

import json

from oms_domain import connector as codes
from oms_domain.connector import ConnectorError

from .outbound import check_outbound_url
from .platform_adapter import USER_AGENT, PlatformAdapter

API_PATH = "/wp-json/wc/v3/"


class WooCommerceAdapter(PlatformAdapter):
    """Sends REST requests to one shop, authenticated with its consumer key
    and secret (HTTP Basic, as WooCommerce asks over HTTPS).

    :param limiter: as for :class:`.shopify_adapter.ShopifyAdapter`; every
        request costs one point (WooCommerce publishes no cost figures)
    """

    # its 401 answers say which key is wrong
    auth_excerpt = True

    def __init__(
        self,
        base_url,
        key,
        secret,
        timeout=10.0,
        allow_private=False,
        limiter=None,
    ):
        self.base_url = (base_url or "").rstrip("/")
        self.key = key or ""
        self.secret = secret or ""
        self.timeout = timeout
        self.allow_private = allow_private
        self.limiter = limiter

    def __repr__(self):
        return "<WooCommerceAdapter %s>" % self.base_url

    def url(self, path):
        return "%s%s%s" % (self.base_url, API_PATH, path.lstrip("/"))

    def request(self, method, path, params=None, body=None, priority="orders"):
        """One request; return (decoded JSON, response headers).

        :raise ConnectorError: with a code; retryable for throttling, 5xx,
            timeouts, refused connections and malformed answers
        """
        url = self.url(path)
        check_outbound_url(url, self.allow_private)
        self._wait_for_points(1, priority)
        response = self._send(
            method,
            url,
            params=params,
            json=body,
            auth=(self.key, self.secret),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        return self._read(response), response.headers

    def _client_error_code(self, status):
        # WooCommerce's {"code": ..., "message": ...}: the data was refused.
        return codes.USER_ERRORS if status == 400 else codes.CLIENT_ERROR

    def _read(self, response):
        excerpt = self._raise_for_status(response)
        try:
            payload = json.loads(response.content)
        except ValueError as error:
            raise ConnectorError(
                codes.BAD_RESPONSE, "unreadable answer: %s" % excerpt[:100], True
            ) from error
        if not isinstance(payload, dict | list):
            raise ConnectorError(codes.BAD_RESPONSE, "answer is not JSON data", True)
        return payload
