# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Adapter: the only code that speaks HTTP to the Shopify Admin GraphQL API."""

import json
import time

import requests

from oms_domain import connector as codes
from oms_domain.connector import ConnectorError
from oms_domain.outbound import OutboundRefused, guarded_session
from oms_domain.retry import parse_retry_after

from .outbound import check_outbound_url

USER_AGENT = "OMS-Multichannel/18.0"
# Waits up to this long for rate-limit points inside a job; longer waits
# postpone the job instead of holding a worker.
MAX_INLINE_WAIT = 3.0
EXCERPT = 300


class ShopifyAdapter:
    """Sends GraphQL documents to one shop.

    :param limiter: object with ``acquire(cost, priority) -> seconds to wait``,
        ``record(cost_info, requested)`` and ``block(seconds)``, sharing the
        account's bucket between processes; None: no limiting (tests of the
        adapter alone)
    """

    def __init__(
        self,
        base_url,
        api_version,
        token,
        timeout=10.0,
        allow_private=False,
        limiter=None,
    ):
        self.base_url = (base_url or "").rstrip("/")
        self.api_version = api_version
        self.token = token
        self.timeout = timeout
        self.allow_private = allow_private
        self.limiter = limiter

    @property
    def endpoint(self):
        return "%s/admin/api/%s/graphql.json" % (self.base_url, self.api_version)

    def _wait_for_points(self, cost, priority):
        if self.limiter is None:
            return
        deadline = time.monotonic() + MAX_INLINE_WAIT
        while True:
            wait = self.limiter.acquire(cost, priority)
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

    def execute(self, document, variables=None, cost=1, priority="orders"):
        """Run one document; return its ``data``.

        :raise ConnectorError: with a code; retryable for throttling, 5xx,
            timeouts, refused connections and malformed answers
        """
        check_outbound_url(self.endpoint, self.allow_private)
        self._wait_for_points(cost, priority)
        try:
            with guarded_session(self.allow_private) as session:
                response = session.post(
                    self.endpoint,
                    json={"query": document, "variables": variables or {}},
                    headers={
                        "X-Shopify-Access-Token": self.token or "",
                        "User-Agent": USER_AGENT,
                        "Accept": "application/json",
                    },
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
        return self._read(response, cost)

    def _read(self, response, requested):
        status = response.status_code
        excerpt = response.text[:EXCERPT]
        if status == 429:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            wait = 2.0 if wait is None else wait
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
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                status=status,
            )
        if status in (401, 403):
            raise ConnectorError(codes.AUTH, "HTTP %s" % status, status=status)
        if status == 404:
            raise ConnectorError(codes.NOT_FOUND, "HTTP 404", status=status)
        if status >= 300:
            raise ConnectorError(
                codes.CLIENT_ERROR, "HTTP %s: %s" % (status, excerpt), status=status
            )
        try:
            payload = json.loads(response.content)
        except ValueError as error:
            # A proxy page or a cut connection: worth another try.
            raise ConnectorError(
                codes.BAD_RESPONSE, "unreadable answer: %s" % excerpt[:100], True
            ) from error
        if not isinstance(payload, dict):
            raise ConnectorError(codes.BAD_RESPONSE, "answer is not an object", True)
        cost_info = (payload.get("extensions") or {}).get("cost")
        if self.limiter is not None:
            self.limiter.record(cost_info, requested)
        errors = payload.get("errors")
        if errors:
            return self._raise_errors(errors, cost_info)
        data = payload.get("data")
        if not isinstance(data, dict):
            raise ConnectorError(codes.BAD_RESPONSE, "answer without data", True)
        return data

    def _raise_errors(self, errors, cost_info):
        errors = errors if isinstance(errors, list) else [{"message": str(errors)}]
        throttled = any(
            isinstance(error, dict)
            and (error.get("extensions") or {}).get("code") == "THROTTLED"
            for error in errors
        )
        messages = "; ".join(
            str(error.get("message") if isinstance(error, dict) else error)
            for error in errors
        )[:EXCERPT]
        if throttled:
            wait = _throttle_wait(cost_info)
            raise ConnectorError(codes.THROTTLED, messages, True, retry_after=wait)
        raise ConnectorError(codes.API_ERROR, messages)


def _throttle_wait(cost_info):
    try:
        status = cost_info["throttleStatus"]
        missing = float(cost_info["requestedQueryCost"]) - float(
            status["currentlyAvailable"]
        )
        return max(1.0, missing / float(status["restoreRate"]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return 2.0


def user_errors(payload, key):
    """``userErrors`` of a mutation's payload as one line, or ''."""
    errors = ((payload or {}).get(key) or {}).get("userErrors") or []
    return "; ".join(
        "%s%s"
        % (
            ".".join(str(p) for p in error.get("field") or []) + ": "
            if error.get("field")
            else "",
            error.get("message"),
        )
        for error in errors
    )
