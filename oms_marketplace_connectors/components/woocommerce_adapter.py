# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Adapter: the only code that speaks HTTP to the WooCommerce REST API v3."""

import json
import time

import requests

from oms_domain import connector as codes
from oms_domain.connector import ConnectorError
from oms_domain.outbound import OutboundRefused, guarded_session
from oms_domain.retry import parse_retry_after

from .outbound import check_outbound_url

USER_AGENT = "OMS-Multichannel/18.0"
MAX_INLINE_WAIT = 3.0
EXCERPT = 300
API_PATH = "/wp-json/wc/v3/"


class WooCommerceAdapter:
    """Sends REST requests to one shop, authenticated with its consumer key
    and secret (HTTP Basic, as WooCommerce asks over HTTPS).

    :param limiter: as for :class:`.shopify_adapter.ShopifyAdapter`; every
        request costs one point (WooCommerce publishes no cost figures)
    """

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

    def _wait_for_points(self, priority):
        if self.limiter is None:
            return
        deadline = time.monotonic() + MAX_INLINE_WAIT
        while True:
            wait = self.limiter.acquire(1, priority)
            if wait <= 0:
                return
            if time.monotonic() + wait > deadline:
                raise ConnectorError(
                    codes.THROTTLED,
                    "rate limit: %.1f s to wait" % wait,
                    retryable=True,
                    retry_after=wait,
                )
            time.sleep(wait)

    def request(self, method, path, params=None, body=None, priority="orders"):
        """One request; return (decoded JSON, response headers).

        :raise ConnectorError: with a code; retryable for throttling, 5xx,
            timeouts, refused connections and malformed answers
        """
        url = self.url(path)
        check_outbound_url(url, self.allow_private)
        self._wait_for_points(priority)
        try:
            with guarded_session(self.allow_private) as session:
                response = session.request(
                    method,
                    url,
                    params=params,
                    json=body,
                    auth=(self.key, self.secret),
                    headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                    timeout=self.timeout,
                    allow_redirects=False,
                )
        except OutboundRefused as error:
            raise ConnectorError(codes.URL_REFUSED, error.code) from error
        except requests.Timeout as error:
            raise ConnectorError(codes.TIMEOUT, type(error).__name__, True) from error
        except requests.ConnectionError as error:
            raise ConnectorError(
                codes.UNREACHABLE, type(error).__name__, True
            ) from error
        except requests.RequestException as error:
            raise ConnectorError(codes.CLIENT_ERROR, type(error).__name__) from error
        return self._read(response), response.headers

    def _read(self, response):
        status = response.status_code
        excerpt = response.text[:EXCERPT]
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if status == 429:
            wait = 2.0 if retry_after is None else retry_after
            if self.limiter is not None:
                self.limiter.block(wait)
            raise ConnectorError(
                codes.THROTTLED, "HTTP 429", True, retry_after=wait, status=status
            )
        if status >= 500:
            raise ConnectorError(
                codes.SERVER_ERROR,
                "HTTP %s: %s" % (status, excerpt),
                True,
                retry_after=retry_after,
                status=status,
            )
        if status in (401, 403):
            raise ConnectorError(
                codes.AUTH, "HTTP %s: %s" % (status, excerpt), status=status
            )
        if status == 404:
            raise ConnectorError(codes.NOT_FOUND, "HTTP 404", status=status)
        if status >= 300:
            # WooCommerce's {"code": ..., "message": ...}: the data was refused.
            raise ConnectorError(
                codes.USER_ERRORS if status == 400 else codes.CLIENT_ERROR,
                "HTTP %s: %s" % (status, excerpt),
                status=status,
            )
        try:
            payload = json.loads(response.content)
        except ValueError as error:
            raise ConnectorError(
                codes.BAD_RESPONSE, "unreadable answer: %s" % excerpt[:100], True
            ) from error
        if not isinstance(payload, dict | list):
            raise ConnectorError(codes.BAD_RESPONSE, "answer is not JSON data", True)
        return payload
