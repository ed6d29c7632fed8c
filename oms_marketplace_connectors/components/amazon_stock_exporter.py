# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Amazon's stock exporter for the channels' stock sync."""

import json
from urllib.parse import quote

from oms_domain import connector as codes
from oms_domain import ratelimit
from oms_domain.amazon import listings_feed, patch_quantity_body
from oms_domain.amazon.feed import FEED_CONTENT_TYPE, FEED_TYPE
from oms_domain.connector import ConnectorError
from oms_domain.errors import DomainError
from oms_domain.sync import StockExporter, StockExportError

from .amazon_backend import LISTINGS_PATH, AmazonBackend

EXPORT_CODES = {
    codes.TIMEOUT: "timeout",
    codes.UNREACHABLE: "connection",
    codes.URL_REFUSED: "refused",
}
FEEDS = "/feeds/2021-06-30/"


class AmazonStockExporter(StockExporter):
    """``patchListingsItem`` per SKU when a run changes at most the account's
    patch limit of SKUs, else one ``JSON_LISTINGS_FEED`` (createFeedDocument,
    upload, createFeed). Absolute quantities, bound products only."""

    batch_size = 0  # one export() per run

    def __init__(self, account):
        self.account = account
        self.patches = 0
        self.feeds = []

    def export(self, levels):
        product_ids = [level.product_id for level in levels]
        bindings = (
            self.account.env["oms.connector.product.binding"]
            .sudo()
            .search(
                [
                    ("account_id", "=", self.account.id),
                    ("product_id", "in", product_ids),
                ]
            )
        )
        by_product = {b.product_id.id: b for b in bindings}
        quantities = [
            (by_product[level.product_id].external_id, level.quantity)
            for level in levels
            if level.product_id in by_product
        ]
        backend = AmazonBackend(self.account)
        try:
            if len(quantities) <= self.account.amazon_patch_limit:
                for sku, quantity in quantities:
                    self._patch(backend, sku, quantity)
            elif quantities:
                self._feed(backend, quantities)
        except ConnectorError as error:
            raise StockExportError(
                error.code,
                retryable=error.retryable,
                retry_after=error.retry_after,
                status=error.status,
                code=EXPORT_CODES.get(error.code, "error"),
                reason=error.code,
                detail=error.detail,
            ) from error
        except DomainError as error:
            raise StockExportError(
                codes.USER_ERRORS, reason=codes.USER_ERRORS, detail=str(error)
            ) from error
        return [pid for pid in product_ids if pid not in by_product]

    def _patch(self, backend, sku, quantity):
        account = self.account
        answer = backend.call(
            "patchListingsItem",
            "PATCH",
            LISTINGS_PATH % quote(account.amazon_seller_id or "", safe="")
            + "/"
            + quote(sku, safe=""),
            {"marketplaceIds": ",".join(backend._marketplaces())},
            patch_quantity_body(quantity, account.amazon_product_type),
            priority=ratelimit.PRIORITY_STOCK,
        )
        self.patches += 1
        if answer.get("status") == "INVALID":
            issues = "; ".join(
                "%s: %s" % (issue.get("code"), issue.get("message"))
                for issue in answer.get("issues") or []
                if isinstance(issue, dict)
            )
            raise ConnectorError(codes.USER_ERRORS, "%s: %s" % (sku, issues))

    def _feed(self, backend, quantities):
        account = self.account
        document = listings_feed(
            account.amazon_seller_id, quantities, account.amazon_product_type
        )
        created = backend.call(
            "createFeedDocument",
            "POST",
            FEEDS + "documents",
            body={"contentType": FEED_CONTENT_TYPE},
            priority=ratelimit.PRIORITY_STOCK,
        )
        if not created.get("feedDocumentId") or not created.get("url"):
            raise ConnectorError(codes.BAD_RESPONSE, "createFeedDocument: no url", True)
        backend.adapter().upload(
            created["url"],
            json.dumps(document, separators=(",", ":")).encode(),
            FEED_CONTENT_TYPE,
        )
        feed = backend.call(
            "createFeed",
            "POST",
            FEEDS + "feeds",
            body={
                "feedType": FEED_TYPE,
                "marketplaceIds": backend._marketplaces(),
                "inputFeedDocumentId": created["feedDocumentId"],
            },
            priority=ratelimit.PRIORITY_STOCK,
        )
        if not feed.get("feedId"):
            raise ConnectorError(codes.BAD_RESPONSE, "createFeed: no feedId", True)
        self.feeds.append(feed["feedId"])
