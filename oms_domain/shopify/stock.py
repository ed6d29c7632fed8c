"""Stock levels to ``inventorySetQuantities`` calls.

A channel advertises one available-to-sell quantity per product; Shopify keeps
one per (inventory item, location). The channel's quantity is spread over the
account's bound locations in their order, each taking what its warehouse has
free, the first taking what is left; the sum is always the channel's figure.
"""

from .graphql import INVENTORY_BATCH


def split_quantity(total, free_by_location):
    """Spread ``total`` over locations.

    :param free_by_location: ordered list of (location key, free quantity)
    :return: {location key: quantity}, summing to ``total`` (0s included)
    """
    total = max(0, int(total))
    if not free_by_location:
        return {}
    result = {}
    left = total
    for key, free in free_by_location:
        take = min(left, max(0, int(free)))
        result[key] = take
        left -= take
    first = free_by_location[0][0]
    result[first] += left
    return result


def quantities_per_call(locations, batch=INVENTORY_BATCH):
    """Products per ``export`` batch so that one call carries at most ``batch``
    quantities (one per product and location)."""
    return max(1, batch // max(1, locations))


def build_quantities(levels, items, locations, free=None):
    """(inventory item gid, location gid, quantity) triples of a batch.

    :param levels: [(product id, quantity)]
    :param items: {product id: inventory item gid}; products absent are skipped
    :param locations: ordered [(location gid, warehouse key)]
    :param free: {(product id, warehouse key): free quantity}; None puts every
        quantity on the first location
    """
    triples = []
    for product_id, qty in levels:
        item = items.get(product_id)
        if not item:
            continue
        if free is None or len(locations) == 1:
            spread = {locations[0][0]: max(0, int(qty))} if locations else {}
            spread.update({gid: 0 for gid, _key in locations[1:]})
        else:
            spread = split_quantity(
                qty,
                [(gid, free.get((product_id, key), 0)) for gid, key in locations],
            )
        triples += [(item, gid, spread[gid]) for gid, _key in locations]
    return triples
