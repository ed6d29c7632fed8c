# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shopify behaviour of connector accounts (GraphQL Admin API)."""

import json
from datetime import timedelta, timezone

from odoo import fields

from oms_domain import connector as codes
from oms_domain import polling, ratelimit
from oms_domain.connector import ConnectorError
from oms_domain.errors import DomainError
from oms_domain.shopify import gid, legacy_id, order_from_graphql, order_from_rest
from oms_domain.shopify import graphql as gql

from .binder import bind_variants_by_sku
from .shopify_adapter import ShopifyAdapter, user_errors

ORDER_TOPICS = {
    "orders/create",
    "orders/updated",
    "orders/paid",
    "orders/cancelled",
    "orders/edited",
    "orders/fulfilled",
    "orders/partially_fulfilled",
}


class ShopifyBackend:
    """What a Shopify account does: one instance per account and call site.

    ``account`` is the ``oms.connector.account`` record (superuser); the
    generic account code calls these methods through ``_oms_backend()``.
    """

    def __init__(self, account):
        self.account = account
        self.env = account.env

    def adapter(self):
        account = self.account.sudo()
        return ShopifyAdapter(
            account.api_url,
            account.api_version,
            account.access_token,
            timeout=account.timeout,
            allow_private=account.allow_private,
            limiter=account._oms_limiter(),
        )

    def call(self, name, variables=None, priority=ratelimit.PRIORITY_ORDERS):
        return self.adapter().execute(
            gql.DOCUMENTS[name], variables, gql.ESTIMATED_COST[name], priority
        )

    def test(self):
        shop = self.call("shop")["shop"]
        return "%s (%s)" % (shop.get("name"), shop.get("myshopifyDomain"))

    # Webhooks ------------------------------------------------------------------

    def handle_event(self, event):
        topic = event.topic or ""
        if topic in ORDER_TOPICS:
            mapped = order_from_rest(event._oms_payload())
            state = self.account._oms_take_order(mapped, event.body)
            # Set after the intake: written with the event's result.
            event.external_id = mapped.external_id
            return state
        if topic == "refunds/create":
            return self._refund_event(event._oms_payload())
        return "ignored"

    def _refund_event(self, payload):
        if not isinstance(payload, dict) or not payload.get("order_id"):
            raise DomainError(self.env._("The refund has no order id."))
        # The refund's order, read again: its refunds and status are the truth.
        data = self.call("order", {"id": gid("Order", payload["order_id"])})
        if not data.get("order"):
            raise DomainError(self.env._("The refunded order is unknown to Shopify."))
        return self.account._oms_take_order(
            order_from_graphql(data["order"]), data["order"]
        )

    # Polling -------------------------------------------------------------------

    def import_page(self):
        """One page of orders updated since the watermark; the page's orders
        and the position after it are committed together."""
        account = self.account
        now = fields.Datetime.now()
        state = polling.PollState.from_dict(json.loads(account.poll_state or "{}"))
        state = polling.start_run(
            state,
            now.replace(tzinfo=timezone.utc),
            overlap=timedelta(minutes=account.poll_overlap_minutes),
        )
        data = self.call(
            "orders",
            gql.orders_variables(polling.shopify_search(state), state.cursor),
        )
        connection = data.get("orders") or {}
        nodes = connection.get("nodes") or []
        info = connection.get("pageInfo") or {}
        taken = 0
        for node in nodes:
            if not isinstance(node, dict):
                continue
            if ((node.get("lineItems") or {}).get("pageInfo") or {}).get("hasNextPage"):
                node = self.call("order", {"id": node.get("id")})["order"]
            try:
                mapped = order_from_graphql(node)
            except DomainError as error:
                account._oms_record_failed_payload(
                    "orders/poll",
                    "poll:%s:%s" % (legacy_id(node.get("id")), node.get("updatedAt")),
                    node,
                    str(error),
                )
                continue
            self.account._oms_take_order(mapped, node)
            taken += 1
        state = polling.page_done(
            state,
            info.get("endCursor"),
            [node.get("updatedAt") for node in nodes if isinstance(node, dict)],
            bool(info.get("hasNextPage")),
        )
        account.poll_state = json.dumps(state.to_dict())
        if state.running:
            account._oms_enqueue_poll()
        return self.env._("%s orders taken in.", taken)

    # Bindings ------------------------------------------------------------------

    def _variants(self):
        variants, after = [], None
        while True:
            data = self.call(
                "variants",
                {"first": 100, "after": after},
                ratelimit.PRIORITY_CATALOGUE,
            )["productVariants"]
            variants += data.get("nodes") or []
            info = data.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return variants
            after = info.get("endCursor")

    def auto_bind(self):
        """Bind the shop's variants to products of the same SKU.

        :return: (bound count, [unmatched SKUs of the shop], [duplicate SKUs])
        """
        return bind_variants_by_sku(
            self.account,
            [
                {
                    "external_id": legacy_id(variant.get("id")),
                    "external_product_id": legacy_id(
                        (variant.get("product") or {}).get("id")
                    ),
                    "sku": variant.get("sku") or "",
                    "inventory_item_id": legacy_id(
                        (variant.get("inventoryItem") or {}).get("id")
                    ),
                }
                for variant in self._variants()
            ],
        )

    def fetch_locations(self):
        data = self.call("locations", {"first": 50}, ratelimit.PRIORITY_CATALOGUE)[
            "locations"
        ]
        account = self.account
        model = self.env["oms.connector.location.binding"].sudo()
        known = set(
            model.search([("account_id", "=", account.id)]).mapped("external_id")
        )
        created = 0
        for node in data.get("nodes") or []:
            external = legacy_id(node.get("id"))
            if external and external not in known and node.get("isActive", True):
                model.create(
                    {
                        "account_id": account.id,
                        "external_id": external,
                        "name": node.get("name") or external,
                        "warehouse_id": account.channel_id.default_warehouse_id.id,
                    }
                )
                created += 1
        return created

    # Fulfilments ---------------------------------------------------------------

    def push_fulfillment(self, picking, binding):
        """Create the fulfillment of a done delivery, with its tracking."""
        data = self.call(
            "fulfillment_orders",
            {"id": gid("Order", binding.external_id)},
            ratelimit.PRIORITY_FULFILMENTS,
        )
        order = data.get("order") or {}
        variants = {
            b.product_id.id: gid("ProductVariant", b.external_id)
            for b in self.env["oms.connector.product.binding"]
            .sudo()
            .search(
                [
                    ("account_id", "=", self.account.id),
                    ("product_id", "in", picking.move_ids.product_id.ids),
                ]
            )
        }
        wanted = {}
        for move in picking.move_ids.filtered(lambda m: m.state == "done"):
            variant = variants.get(move.product_id.id)
            sku = move.product_id.default_code
            wanted[variant or sku] = wanted.get(variant or sku, 0) + int(move.quantity)
        lines_by_order = {}
        for fo in (order.get("fulfillmentOrders") or {}).get("nodes") or []:
            if fo.get("status") not in ("OPEN", "IN_PROGRESS"):
                continue
            for line in (fo.get("lineItems") or {}).get("nodes") or []:
                item = line.get("lineItem") or {}
                key = (item.get("variant") or {}).get("id")
                key = key if key in wanted else item.get("sku")
                qty = min(wanted.get(key, 0), int(line.get("remainingQuantity") or 0))
                if qty > 0:
                    lines_by_order.setdefault(fo["id"], []).append((line["id"], qty))
                    wanted[key] -= qty
        if not lines_by_order:
            return False
        tracking = picking._oms_tracking_info()
        result = self.call(
            "fulfillment_create",
            gql.fulfillment_variables(lines_by_order, **tracking),
            ratelimit.PRIORITY_FULFILMENTS,
        )
        errors = user_errors(result, "fulfillmentCreate")
        if errors:
            raise ConnectorError(codes.USER_ERRORS, errors)
        return legacy_id(result["fulfillmentCreate"]["fulfillment"]["id"])

    # Refunds of our returns ----------------------------------------------------

    def push_refund(self, refund, lines, amount):
        """Create the refund of a settled return.

        :param lines: [(line item external id, quantity)]
        """
        binding = refund.order_binding_id
        order_gid = gid("Order", binding.external_id)
        result = self.call(
            "refund_create",
            gql.refund_variables(
                order_gid,
                [(gid("LineItem", line), qty) for line, qty in lines],
                note=refund.note or "",
                amount=amount,
                gateway="manual",
                currency=refund.currency or "",
            ),
            ratelimit.PRIORITY_FULFILMENTS,
        )
        errors = user_errors(result, "refundCreate")
        if errors:
            raise ConnectorError(codes.USER_ERRORS, errors)
        return legacy_id(result["refundCreate"]["refund"]["id"])

    # Stock ---------------------------------------------------------------------

    def stock_exporter(self):
        from .shopify_stock_exporter import ShopifyStockExporter  # noqa: PLC0415

        return ShopifyStockExporter(self.account)
