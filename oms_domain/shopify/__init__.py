"""Shopify Admin API (GraphQL): documents, payload mapping and stock plans.

Framework-free: the Odoo addon's adapter sends these documents, the mappers turn
both the GraphQL order nodes and the REST-shaped webhook bodies into the
normalized order of :mod:`oms_domain.intake`.
"""

from .ids import gid, legacy_id
from .mapper import ShopifyOrder, order_from_graphql, order_from_rest
