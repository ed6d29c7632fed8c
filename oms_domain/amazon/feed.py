"""Quantities to Amazon: ``patchListingsItem`` for a few SKUs, one
``JSON_LISTINGS_FEED`` for many.

Both set ``fulfillment_availability`` (the seller-fulfilled quantity) with
``replace``: absolute quantities, so a document sent twice does no harm.
"""

from ..errors import DomainError

# Product type Amazon accepts for offer-only patches of existing listings.
PRODUCT_TYPE = "PRODUCT"
CHANNEL_CODE = "DEFAULT"
FEED_TYPE = "JSON_LISTINGS_FEED"
FEED_CONTENT_TYPE = "application/json; charset=UTF-8"
MAX_MESSAGES = 25000


def _availability(quantity):
    return [
        {"fulfillment_channel_code": CHANNEL_CODE, "quantity": max(0, int(quantity))}
    ]


def _patches(quantity):
    return [
        {
            "op": "replace",
            "path": "/attributes/fulfillment_availability",
            "value": _availability(quantity),
        }
    ]


def patch_quantity_body(quantity, product_type=PRODUCT_TYPE):
    """Body of ``patchListingsItem`` setting one SKU's quantity."""
    return {"productType": product_type or PRODUCT_TYPE, "patches": _patches(quantity)}


def listings_feed(seller_id, quantities, product_type=PRODUCT_TYPE):
    """JSON_LISTINGS_FEED document (schema v2) setting many quantities.

    :param quantities: [(sku, quantity)], at most 25,000
    """
    if not seller_id:
        raise DomainError("The Amazon account has no seller id.")
    if not quantities:
        raise DomainError("A listings feed needs at least one SKU.")
    if len(quantities) > MAX_MESSAGES:
        raise DomainError("A listings feed takes at most %s SKUs." % MAX_MESSAGES)
    return {
        "header": {"sellerId": seller_id, "version": "2.0", "issueLocale": "en_US"},
        "messages": [
            {
                "messageId": number,
                "sku": sku,
                "operationType": "PATCH",
                "productType": product_type or PRODUCT_TYPE,
                "patches": _patches(quantity),
            }
            for number, (sku, quantity) in enumerate(quantities, start=1)
        ],
    }
