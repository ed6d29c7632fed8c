# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Adapter: the only code that speaks HTTP to the Shopify Admin GraphQL API."""

import json

from oms_domain import connector as codes
from oms_domain.connector import ConnectorError

from .outbound import check_outbound_url
from .platform_adapter import EXCERPT, USER_AGENT, PlatformAdapter


class ShopifyAdapter(PlatformAdapter):
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

    def execute(self, document, variables=None, cost=1, priority="orders"):
        """Run one document; return its ``data``.

        :raise ConnectorError: with a code; retryable for throttling, 5xx,
            timeouts, refused connections and malformed answers
        """
        check_outbound_url(self.endpoint, self.allow_private)
        self._wait_for_points(cost, priority)
        response = self._send(
            "POST",
            self.endpoint,
            json={"query": document, "variables": variables or {}},
            headers={
                "X-Shopify-Access-Token": self.token or "",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
        )
        return self._read(response, cost)

    def _read(self, response, requested):
        excerpt = self._raise_for_status(response)
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
