# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""WooCommerce behaviour of connector accounts (REST API v3)."""

import json
from datetime import timedelta, timezone

from odoo import fields

from oms_domain import connector as codes
from oms_domain import polling, ratelimit
from oms_domain.connector import ConnectorError
from oms_domain.errors import DomainError
from oms_domain.woocommerce import (
    next_page,
    order_from_rest,
    orders_query,
    total_pages,
)
from oms_domain.woocommerce.api import (
    DELETED_TOPIC,
    ORDER_TOPICS,
    completion_note,
    refund_body,
)

from .binder import bind_variants_by_sku
from .woocommerce_adapter import WooCommerceAdapter

PRODUCTS_PER_PAGE = 100


class WooCommerceBackend:
    """What a WooCommerce account does (see ``ShopifyBackend`` for the roles).

    The account's ``api_key`` is the REST consumer key and ``access_token``
    the consumer secret.
    """

    def __init__(self, account):
        self.account = account
        self.env = account.env

    def adapter(self):
        account = self.account.sudo()
        return WooCommerceAdapter(
            account.api_url,
            account.api_key,
            account.access_token,
            timeout=account.timeout,
            allow_private=account.allow_private,
            limiter=account._oms_limiter(),
        )

    def call(self, method, path, params=None, body=None, priority=None):
        return self.adapter().request(
            method, path, params, body, priority or ratelimit.PRIORITY_ORDERS
        )

    def test(self):
        data, _headers = self.call("GET", "system_status")
        environment = (data or {}).get("environment") or {}
        return "%s (WooCommerce %s)" % (
            environment.get("site_url") or self.account.api_url,
            environment.get("version") or "?",
        )

    # Webhooks ------------------------------------------------------------------

    def handle_event(self, event):
        topic = event.topic or ""
        if topic in ORDER_TOPICS:
            mapped = order_from_rest(event._oms_payload())
            state = self.account._oms_take_order(mapped, event.body)
            # Set after the intake: written with the event's result.
            event.external_id = mapped.external_id
            return state
        if topic == DELETED_TOPIC:
            return self._deleted_event(event._oms_payload())
        return "ignored"

    def _deleted_event(self, payload):
        """A trashed order: read it again (it may be restored meanwhile)."""
        if not isinstance(payload, dict) or not payload.get("id"):
            raise DomainError(self.env._("The deleted order has no id."))
        try:
            data, _headers = self.call("GET", "orders/%s" % int(payload["id"]))
        except ConnectorError as error:
            if error.code != codes.NOT_FOUND:
                raise
            return self._deleted_for_good(str(payload["id"]))
        except (TypeError, ValueError) as error:
            raise DomainError(self.env._("The deleted order has no id.")) from error
        return self.account._oms_take_order(order_from_rest(data), data)

    def _deleted_for_good(self, external_id):
        """Deleted, not trashed: nothing to map, the sale order is cancelled
        (its last version taken in stays as it was)."""
        binding = (
            self.env["oms.connector.order.binding"]
            .sudo()
            .search(
                [
                    ("account_id", "=", self.account.id),
                    ("external_id", "=", external_id),
                ]
            )
        )
        if not binding:
            return "ignored"
        binding.cancelled_at = polling.format_time(fields.Datetime.now())
        self.account._oms_cancel_from_platform(binding)
        return "done"

    # Polling -------------------------------------------------------------------

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
        page = next_page(state.cursor)
        orders, headers = self.call("GET", "orders", orders_query(state.since, page))
        if not isinstance(orders, list):
            raise ConnectorError(codes.BAD_RESPONSE, "orders is not a list", True)
        taken = 0
        for order in orders:
            try:
                mapped = order_from_rest(order)
            except DomainError as error:
                key = order.get("id") if isinstance(order, dict) else None
                modified = order.get("date_modified_gmt") if key else None
                account._oms_record_failed_payload(
                    "orders/poll",
                    "poll:%s:%s" % (key, modified),
                    order,
                    str(error),
                )
                continue
            account._oms_take_order(mapped, order)
            taken += 1
        state = polling.page_done(
            state,
            str(page),
            [
                "%sZ" % order.get("date_modified_gmt")
                for order in orders
                if isinstance(order, dict) and order.get("date_modified_gmt")
            ],
            page < total_pages(headers),
        )
        account.poll_state = json.dumps(state.to_dict())
        if state.running:
            account._oms_enqueue_poll()
        return self.env._("%s orders taken in.", taken)

    # Bindings ------------------------------------------------------------------

    def _pages(self, path):
        page = 1
        while True:
            items, headers = self.call(
                "GET",
                path,
                {"per_page": PRODUCTS_PER_PAGE, "page": page},
                priority=ratelimit.PRIORITY_CATALOGUE,
            )
            yield from items if isinstance(items, list) else []
            if page >= total_pages(headers):
                return
            page += 1

    def _variants(self):
        """(external id, parent id, sku) of every simple product and variation."""
        variants = []
        for product in self._pages("products"):
            if product.get("type") == "variable":
                for variation in self._pages("products/%s/variations" % product["id"]):
                    variants.append(
                        (
                            str(variation.get("id")),
                            str(product["id"]),
                            variation.get("sku") or "",
                        )
                    )
            else:
                variants.append(
                    (str(product.get("id")), str(product.get("id")), product.get("sku"))
                )
        return variants

    def auto_bind(self):
        """Bind the shop's simple products and variations by SKU.

        :return: (bound count, [unmatched SKUs], [duplicate SKUs])
        """
        return bind_variants_by_sku(
            self.account,
            [
                {
                    "external_id": external_id,
                    "external_product_id": parent_id,
                    "sku": sku,
                }
                for external_id, parent_id, sku in self._variants()
            ],
        )

    def fetch_locations(self):
        # WooCommerce keeps one stock figure per product: no locations.
        return 0

    # Fulfilments ---------------------------------------------------------------

    def push_fulfillment(self, picking, binding):
        """Note the shipment with its tracking on the order (seen by the
        customer) and complete the order once no delivery is left to do."""
        order_id = binding.external_id
        tracking = picking._oms_tracking_info()
        note, _headers = self.call(
            "POST",
            "orders/%s/notes" % order_id,
            body={
                "note": completion_note(
                    tracking["tracking_number"] or picking.name,
                    tracking["company"],
                    tracking["url"],
                ),
                "customer_note": True,
            },
            priority=ratelimit.PRIORITY_FULFILMENTS,
        )
        order = picking.sale_id
        left = order.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
            )
        )
        if not left:
            self.call(
                "PUT",
                "orders/%s" % order_id,
                body={"status": "completed"},
                priority=ratelimit.PRIORITY_FULFILMENTS,
            )
        return "note:%s" % (note or {}).get("id", "")

    # Refunds of our returns ----------------------------------------------------

    def push_refund(self, refund, lines, amount):
        """Record the refund of a settled return on the order (the money goes
        back through our accounting, not through the payment gateway).

        :param lines: [(order line id, quantity)]
        """
        result, _headers = self.call(
            "POST",
            "orders/%s/refunds" % refund.order_binding_id.external_id,
            body=refund_body(amount, refund.note or "", lines),
            priority=ratelimit.PRIORITY_FULFILMENTS,
        )
        if not isinstance(result, dict) or not result.get("id"):
            raise ConnectorError(codes.BAD_RESPONSE, "refund without id")
        return str(result["id"])

    # Stock ---------------------------------------------------------------------

    def stock_exporter(self):
        from .woocommerce_stock_exporter import (  # noqa: PLC0415
            WooCommerceStockExporter,
        )

        return WooCommerceStockExporter(self.account)
