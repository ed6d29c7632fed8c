# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shopify Payments payouts and their balance transactions, over the REST
Admin API (``shopify_payments/payouts.json``,
``shopify_payments/balance/transactions.json?payout_id=``), through the same
outbound policy, limiter and error codes as the GraphQL calls."""

import json
from urllib.parse import urlsplit

from oms_domain import connector as codes
from oms_domain import ratelimit
from oms_domain.connector import ConnectorError

from .outbound import check_outbound_url
from .platform_adapter import USER_AGENT
from .shopify_adapter import ShopifyAdapter

PAGE_SIZE = 250
# pages of one listing followed at most (250 rows each)
MAX_PAGES = 400


class ShopifyPaymentsAdapter(ShopifyAdapter):
    """REST GETs of Shopify Payments for one shop."""

    def rest_url(self, resource):
        return "%s/admin/api/%s/%s.json" % (self.base_url, self.api_version, resource)

    def get(self, url, params=None, priority=ratelimit.PRIORITY_CATALOGUE):
        """One GET; (payload dict, next page URL or None)."""
        check_outbound_url(url, self.allow_private)
        # the next page must stay on the shop the account names
        if urlsplit(url).netloc != urlsplit(self.base_url).netloc:
            raise ConnectorError(codes.URL_REFUSED, "next page on another host")
        self._wait_for_points(1, priority)
        response = self._send(
            "GET",
            url,
            params=params,
            headers={
                "X-Shopify-Access-Token": self.token or "",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
        )
        excerpt = self._raise_for_status(response)
        try:
            payload = json.loads(response.content)
        except ValueError as error:
            raise ConnectorError(
                codes.BAD_RESPONSE, "unreadable answer: %s" % excerpt[:100], True
            ) from error
        if not isinstance(payload, dict):
            raise ConnectorError(codes.BAD_RESPONSE, "answer is not an object", True)
        return payload, response.links.get("next", {}).get("url")

    def pages(self, resource, params):
        """Every page of a listing, one answer at a time."""
        url = self.rest_url(resource)
        params = dict(params, limit=PAGE_SIZE)
        for _page in range(MAX_PAGES):
            payload, url = self.get(url, params)
            yield payload
            if not url:
                return
            # the next page's URL carries its own cursor, and only that
            params = None
        raise ConnectorError(codes.BAD_RESPONSE, "too many pages of %s" % resource)

    def payouts(self, date_min=None):
        """Paid payouts, newest first (since ``date_min``, an ISO date)."""
        params = {"status": "paid"}
        if date_min:
            params["date_min"] = date_min
        for page in self.pages("shopify_payments/payouts", params):
            yield from page.get("payouts") or ()

    def balance_transactions(self, payout_id):
        """Pages of the balance transactions of one payout."""
        return self.pages(
            "shopify_payments/balance/transactions", {"payout_id": payout_id}
        )
