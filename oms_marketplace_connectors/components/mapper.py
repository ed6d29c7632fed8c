# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mapper: stock levels to the JSON document of the generic HTTP channel."""


class HttpStockMapper:
    """Builds the document POSTed to the channel::

        {"channel": "WEB", "sent_at": "2026-01-05T10:00:00Z",
         "items": [{"sku": "OMS-MUG", "quantity": 12}, ...]}

    Quantities are absolute (what to advertise now), never deltas, so a
    document sent twice does no harm.
    """

    def __init__(self, channel_code):
        self.channel_code = channel_code

    def to_document(self, levels, external_ids, sent_at):
        """:param external_ids: ``{product_id: sku}`` from the binder"""
        return {
            "channel": self.channel_code,
            "sent_at": sent_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "items": [
                {"sku": external_ids[level.product_id], "quantity": level.quantity}
                for level in levels
                if level.product_id in external_ids
            ],
        }
