# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""WooCommerce's stock exporter for the channels' stock sync."""

from oms_domain import connector as codes
from oms_domain import ratelimit
from oms_domain.connector import ConnectorError
from oms_domain.sync import StockExporter, StockExportError
from oms_domain.woocommerce import StockItem, stock_batches

from .woocommerce_backend import WooCommerceBackend

EXPORT_CODES = {
    codes.TIMEOUT: "timeout",
    codes.UNREACHABLE: "connection",
    codes.URL_REFUSED: "refused",
}


class WooCommerceStockExporter(StockExporter):
    """``products/batch`` and ``products/<parent>/variations/batch``, 100
    objects a call, bound products only; absolute quantities."""

    batch_size = 0  # one export() per run, cut into calls here

    def __init__(self, account):
        self.account = account
        self.calls = 0

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
        items = [
            StockItem(
                by_product[level.product_id].external_id,
                by_product[level.product_id].external_product_id or "",
                level.quantity,
            )
            for level in levels
            if level.product_id in by_product
        ]
        backend = WooCommerceBackend(self.account)
        for path, body in stock_batches(items):
            self._send(backend, path, body)
        return [pid for pid in product_ids if pid not in by_product]

    def _send(self, backend, path, body):
        try:
            result, _headers = backend.call(
                "POST", path, body=body, priority=ratelimit.PRIORITY_STOCK
            )
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
        self.calls += 1
        # Objects the shop refused come back with an "error" member.
        errors = [
            "%s: %s" % (item.get("id"), (item.get("error") or {}).get("message"))
            for item in (result or {}).get("update") or []
            if isinstance(item, dict) and item.get("error")
        ]
        if errors:
            raise StockExportError(
                codes.USER_ERRORS, reason=codes.USER_ERRORS, detail="; ".join(errors)
            )
