# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The generic HTTP channel's stock exporter: binder, then mapper, then adapter."""

from datetime import datetime, timezone

from oms_domain.sync import StockExporter


class HttpStockExporter(StockExporter):
    def __init__(self, adapter, mapper, binder, batch_size):
        self.adapter = adapter
        self.mapper = mapper
        self.binder = binder
        self.batch_size = batch_size
        self.unbound = []

    def export(self, levels):
        """Post the bound levels; return the ids of the unbound products."""
        external_ids = self.binder.to_external([level.product_id for level in levels])
        unbound = [
            level.product_id for level in levels if level.product_id not in external_ids
        ]
        self.unbound += unbound
        if external_ids:
            self.adapter.post(
                self.mapper.to_document(
                    levels, external_ids, datetime.now(timezone.utc)
                )
            )
        return unbound
