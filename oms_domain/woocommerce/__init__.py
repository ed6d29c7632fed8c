"""WooCommerce REST API v3: payload mapping, webhooks, pages and stock batches.

Framework-free: the Odoo addon's adapter sends the requests these functions
describe, the mapper turns ``order`` bodies (webhook deliveries and
``GET /wc/v3/orders``, the same shape) into the normalized order of
:mod:`oms_domain.intake`.
"""

from .api import (
    BATCH_LIMIT,
    PER_PAGE,
    StockItem,
    is_ping,
    next_page,
    orders_query,
    stock_batches,
    total_pages,
)
from .mapper import WooOrder, WooRefund, order_from_rest
