# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shopify's stock exporter for the channels' stock sync."""

from oms_domain import connector as codes
from oms_domain import ratelimit
from oms_domain.connector import ConnectorError
from oms_domain.shopify import gid
from oms_domain.shopify import graphql as gql
from oms_domain.shopify.stock import build_quantities, quantities_per_call
from oms_domain.sync import StockExporter, StockExportError

from .shopify_adapter import user_errors
from .shopify_backend import ShopifyBackend

# Connector codes to the stock sync's codes (its messages and retries).
EXPORT_CODES = {
    codes.TIMEOUT: "timeout",
    codes.UNREACHABLE: "connection",
    codes.URL_REFUSED: "refused",
}


class ShopifyStockExporter(StockExporter):
    """``inventorySetQuantities`` per bound location, 250 quantities a call.

    The sync hands over every level of a run at once (``batch_size`` is
    unbounded) and the exporter cuts the quantities of bound products only
    into calls: products without a binding never take room in a call, so a run
    makes ceil(bound quantities / 250) calls. Quantities are absolute: a run
    that fails half-way sends all of them again, harmlessly.
    """

    batch_size = 0  # one export() per run; see batched(items, 0)

    def __init__(self, account):
        self.account = account
        self.locations = account.location_binding_ids.filtered(
            lambda b: b.push_stock
        ).sorted("sequence")
        self.calls = 0

    def _items(self, product_ids):
        bindings = (
            self.account.env["oms.connector.product.binding"]
            .sudo()
            .search(
                [
                    ("account_id", "=", self.account.id),
                    ("product_id", "in", product_ids),
                    ("inventory_item_id", "!=", False),
                ]
            )
        )
        return {
            b.product_id.id: gid("InventoryItem", b.inventory_item_id) for b in bindings
        }

    def _free(self, product_ids):
        """Free stock per (product, warehouse) of the pushed locations."""
        if len(self.locations) < 2:
            return None
        quant_model = self.account.env["stock.quant"].sudo()
        free = {}
        for binding in self.locations.filtered("warehouse_id"):
            groups = quant_model._read_group(
                [
                    ("product_id", "in", product_ids),
                    ("location_id", "child_of", binding.warehouse_id.lot_stock_id.id),
                ],
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
            for product, quantity, reserved in groups:
                free[(product.id, binding.warehouse_id.id)] = quantity - reserved
        return free

    def export(self, levels):
        if not self.locations:
            raise StockExportError(
                "no location",
                detail="Account %s has no location to push stock to: fetch and map "
                "its locations." % self.account.name,
            )
        product_ids = [level.product_id for level in levels]
        items = self._items(product_ids)
        unbound = [pid for pid in product_ids if pid not in items]
        locations = [
            (gid("Location", b.external_id), b.warehouse_id.id) for b in self.locations
        ]
        triples = build_quantities(
            [(level.product_id, level.quantity) for level in levels],
            items,
            locations,
            self._free(product_ids),
        )
        backend = ShopifyBackend(self.account)
        # Whole products per call: never one product's locations split.
        per_call = quantities_per_call(len(locations)) * len(locations)
        for start in range(0, len(triples), per_call):
            self._send(backend, triples[start : start + per_call])
        return unbound

    def _send(self, backend, triples):
        try:
            result = backend.call(
                "inventory_set",
                gql.inventory_set_variables(triples),
                ratelimit.PRIORITY_STOCK,
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
        errors = user_errors(result, "inventorySetQuantities")
        if errors:
            raise StockExportError(
                codes.USER_ERRORS, reason=codes.USER_ERRORS, detail=errors
            )
