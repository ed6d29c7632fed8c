# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Amazon behaviour of connector accounts (Selling Partner API)."""

import json
from datetime import timedelta, timezone
from urllib.parse import quote

from odoo import fields

from oms_domain import connector as codes
from oms_domain import polling, ratelimit
from oms_domain.amazon import (
    ORDERS_2026,
    confirm_shipment_body,
    next_token,
    order_change,
    order_from_2026,
    order_from_v0,
    search_orders_query,
    v0_orders_query,
)
from oms_domain.amazon.api import (
    GET_ORDERS_PATH,
    SEARCH_PATH,
    V0_DATA_ELEMENTS,
    items_of,
    orders_of,
)
from oms_domain.connector import ConnectorError
from oms_domain.errors import DomainError

from .amazon_adapter import AmazonAdapter

LISTINGS_PATH = "/listings/2021-08-01/items/%s"
# A model's example answers the same token for ever: never more pages of
# one order's items than this.
MAX_ITEM_PAGES = 20


class AmazonBackend:
    """What an Amazon account does (see ``ShopifyBackend`` for the roles)."""

    def __init__(self, account):
        self.account = account
        self.env = account.env
        self._adapter = None

    def adapter(self):
        if self._adapter is None:
            account = self.account.sudo()
            self._adapter = AmazonAdapter(
                account.api_url,
                account.amazon_token_url,
                account.amazon_lwa_client_id,
                account.amazon_lwa_client_secret,
                account.amazon_refresh_token,
                timeout=account.timeout,
                allow_private=account.allow_private,
                limiter_for=account._oms_amazon_limiter,
                cache_key=(
                    account.id,
                    account.api_url,
                    account.amazon_lwa_client_id,
                    account.amazon_refresh_token,
                ),
            )
        return self._adapter

    def call(self, operation, method, path, params=None, body=None, **kwargs):
        kwargs.setdefault("priority", ratelimit.PRIORITY_ORDERS)
        return self.adapter().request(operation, method, path, params, body, **kwargs)

    @property
    def version(self):
        return self.account.amazon_orders_api or ORDERS_2026

    def _marketplaces(self):
        marketplaces = self.account._oms_amazon_marketplaces()
        if not marketplaces:
            raise ConnectorError(codes.CLIENT_ERROR, "no marketplace id on the account")
        return marketplaces

    def test(self):
        self.adapter().access_token(force=True)
        since = fields.Datetime.now() - timedelta(hours=1)
        if self.version == ORDERS_2026:
            query = search_orders_query(since, self._marketplaces(), per_page=1)
            self.call("searchOrders", "GET", SEARCH_PATH, query)
        else:
            query = v0_orders_query(since, self._marketplaces(), per_page=1)
            self.call("getOrders", "GET", GET_ORDERS_PATH, query)
        return "%s (%s)" % (self.account.api_url, ", ".join(self._marketplaces()))

    # Orders ------------------------------------------------------------------

    def _search(self, since, token):
        """(orders, next token) of one page, buyer and address data read
        with a restricted data token."""
        marketplaces = self._marketplaces()
        if self.version == ORDERS_2026:
            answer = self.call(
                "searchOrders",
                "GET",
                SEARCH_PATH,
                search_orders_query(since, marketplaces, token),
                restricted=(),
            )
        else:
            answer = self.call(
                "getOrders",
                "GET",
                GET_ORDERS_PATH,
                v0_orders_query(since, marketplaces, token),
                restricted=V0_DATA_ELEMENTS,
            )
        try:
            orders = orders_of(answer, self.version)
        except DomainError as error:
            raise ConnectorError(codes.BAD_RESPONSE, str(error), True) from error
        following = next_token(answer, self.version)
        # The same token again would be the same page again.
        return orders, "" if following == token else following

    def _v0_items(self, order_id):
        items, token, seen = [], "", set()
        path = "/orders/v0/orders/%s/orderItems" % quote(order_id, safe="")
        for _page in range(MAX_ITEM_PAGES):
            answer = self.call(
                "getOrderItems", "GET", path, {"NextToken": token} if token else None
            )
            try:
                page, token = items_of(answer)
            except DomainError as error:
                raise ConnectorError(codes.BAD_RESPONSE, str(error), True) from error
            for item in page:
                key = item.get("OrderItemId") if isinstance(item, dict) else None
                if key not in seen:
                    seen.add(key)
                    items.append(item)
            if not token or token in seen:
                break
            seen.add(token)
        return items

    def _map(self, order):
        """(mapped order, raw payload kept with the intake)."""
        if self.version == ORDERS_2026:
            return order_from_2026(order), order
        order_id = order.get("AmazonOrderId") if isinstance(order, dict) else None
        if not order_id:
            raise DomainError(self.env._("The Amazon order has no AmazonOrderId."))
        items = self._v0_items(str(order_id))
        return order_from_v0(order, items), {"order": order, "items": items}

    def _updated_at(self, order):
        if not isinstance(order, dict):
            return ""
        return order.get("lastUpdatedTime") or order.get("LastUpdateDate") or ""

    def import_page(self):
        """One page of orders changed since the watermark; the page's orders
        and the position after it are committed together."""
        account = self.account
        now = fields.Datetime.now()
        state = polling.PollState.from_dict(json.loads(account.poll_state or "{}"))
        state = polling.start_run(
            state,
            now.replace(tzinfo=timezone.utc),
            overlap=timedelta(minutes=account.poll_overlap_minutes),
        )
        orders, token = self._search(state.since, state.cursor)
        taken = 0
        for order in orders:
            try:
                mapped, raw = self._map(order)
            except DomainError as error:
                key = self._order_key(order)
                account._oms_record_failed_payload(
                    "orders/poll",
                    "poll:%s:%s" % (key, self._updated_at(order)),
                    order,
                    str(error),
                )
                continue
            account._oms_take_order(mapped, raw)
            taken += 1
        state = polling.page_done(
            state,
            token,
            [self._updated_at(order) for order in orders],
            bool(token),
        )
        account.poll_state = json.dumps(state.to_dict())
        if state.running:
            account._oms_enqueue_poll()
        return self.env._("%s orders taken in.", taken)

    @staticmethod
    def _order_key(order):
        if not isinstance(order, dict):
            return None
        return order.get("orderId") or order.get("AmazonOrderId")

    def take_order(self, order_id):
        """Read one order again (a notification, a person) and take it in."""
        path_id = quote(str(order_id), safe="")
        if self.version == ORDERS_2026:
            answer = self.call(
                "getOrder",
                "GET",
                "%s/%s" % (SEARCH_PATH, path_id),
                {"includedData": "BUYER,RECIPIENT,PROCEEDS,PROMOTION,FULFILLMENT"},
                restricted=(),
            )
            order = answer.get("order")
        else:
            answer = self.call(
                "getOrder",
                "GET",
                "%s/%s" % (GET_ORDERS_PATH, path_id),
                restricted=V0_DATA_ELEMENTS,
            )
            order = answer.get("payload")
        if not isinstance(order, dict):
            raise ConnectorError(codes.BAD_RESPONSE, "getOrder: no order", True)
        mapped, raw = self._map(order)
        return self.account._oms_take_order(mapped, raw)

    def handle_event(self, event):
        """An ORDER_CHANGE notification: the order is read again."""
        change = order_change(event._oms_payload())
        event.external_id = change.order_id
        return self.take_order(change.order_id)

    # Bindings ----------------------------------------------------------------

    def auto_bind(self):
        """Bind the products whose SKU is a listing of the seller.

        :return: (bound count, [unmatched SKUs], [duplicate SKUs])
        """
        from .binder import bind_variants_by_sku  # noqa: PLC0415

        seller = self.account.amazon_seller_id
        if not seller:
            raise ConnectorError(codes.CLIENT_ERROR, "no seller id on the account")
        skus, token, seen = [], "", set()
        for _page in range(100):
            query = {"marketplaceIds": ",".join(self._marketplaces()), "pageSize": "20"}
            if token:
                query["pageToken"] = token
            answer = self.call(
                "searchListingsItems",
                "GET",
                LISTINGS_PATH % quote(seller, safe=""),
                query,
                priority=ratelimit.PRIORITY_CATALOGUE,
            )
            for item in answer.get("items") or []:
                if isinstance(item, dict) and item.get("sku"):
                    skus.append(str(item["sku"]))
            pagination = answer.get("pagination") or {}
            token = pagination.get("nextToken") if isinstance(pagination, dict) else ""
            if not token or token in seen:
                break
            seen.add(token)
        return bind_variants_by_sku(
            self.account,
            [{"external_id": sku, "sku": sku} for sku in dict.fromkeys(skus)],
        )

    def fetch_locations(self):
        # Seller-fulfilled quantities are one figure per SKU: no locations.
        return 0

    # Shipments ---------------------------------------------------------------

    def push_fulfillment(self, picking, binding):
        """Confirm the delivery's package with its tracking (v0
        ``confirmShipment``; the 2026-01-01 model has no such operation)."""
        normalized = json.loads(binding.intake_id.sudo().normalized or "{}")
        by_sku = {}
        for line in normalized.get("lines") or []:
            if isinstance(line, dict) and line.get("external_line_id"):
                by_sku.setdefault(line.get("sku"), line["external_line_id"])
        quantities = {}
        for move in picking.move_ids.filtered(lambda m: m.state == "done"):
            item = by_sku.get(move.product_id.default_code)
            if item:
                quantities[item] = quantities.get(item, 0) + int(move.quantity)
        tracking = picking._oms_tracking_info()
        marketplace = binding.amazon_marketplace_id or self._marketplaces()[0]
        try:
            body = confirm_shipment_body(
                marketplace,
                picking.id,
                tracking["company"],
                tracking["tracking_number"],
                picking.date_done or fields.Datetime.now(),
                [(item, qty) for item, qty in quantities.items() if qty > 0],
            )
        except DomainError as error:
            raise ConnectorError(codes.USER_ERRORS, str(error)) from error
        self.call(
            "confirmShipment",
            "POST",
            "/orders/v0/orders/%s/shipmentConfirmation"
            % quote(binding.external_id, safe=""),
            body=body,
            priority=ratelimit.PRIORITY_FULFILMENTS,
        )
        return "shipment:%s" % body["packageDetail"]["packageReferenceId"]

    def push_refund(self, refund, lines, amount):
        # Amazon refunds go through Seller Central or the order adjustment
        # feed, not modelled here.
        raise ConnectorError(
            codes.CLIENT_ERROR, "refunds are made in Seller Central for Amazon orders"
        )

    # Stock -------------------------------------------------------------------

    def stock_exporter(self):
        from .amazon_stock_exporter import AmazonStockExporter  # noqa: PLC0415

        return AmazonStockExporter(self.account)
