"""Amazon Selling Partner API: orders (2026-01-01 and v0), Login with Amazon
tokens, restricted data tokens, listings quantities, shipment confirmation and
the documented rate of each operation.

Framework-free: the Odoo addon's adapter sends the requests these functions
describe, the mappers turn Amazon's orders into the normalized order of
:mod:`oms_domain.intake`.
"""

from .api import (
    ORDERS_V0,
    ORDERS_2026,
    confirm_shipment_body,
    is_expired_token,
    next_token,
    rdt_request,
    search_orders_query,
    v0_orders_query,
)
from .feed import listings_feed, patch_quantity_body
from .lwa import AccessToken, token_request
from .mapper import AmazonOrder, order_from_2026, order_from_v0
from .notification import order_change
from .rates import RATES, bucket_for, minimum_import_seconds
