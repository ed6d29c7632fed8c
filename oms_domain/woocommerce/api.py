"""Requests of the WooCommerce REST API v3 that the connector sends.

- Orders are polled with ``modified_after`` (the run's lower bound, UTC with
  ``dates_are_gmt``), oldest change first, ``PER_PAGE`` a page; the answer's
  ``X-WP-TotalPages`` says whether another page follows. The cursor of
  :mod:`oms_domain.polling` is the number of the last page done.
- Stock goes out through ``products/batch`` for simple products and
  ``products/<parent>/variations/batch`` for variations, at most
  ``BATCH_LIMIT`` (100) objects a call, as WooCommerce allows.
- When a webhook is created WooCommerce POSTs an unsigned ``webhook_id=<n>``
  form body (the "ping"): it is accepted and ignored.
"""

import re
from dataclasses import dataclass

from ..errors import DomainError

PER_PAGE = 100
BATCH_LIMIT = 100
PING_RE = re.compile(rb"^webhook_id=\d+$")
# Webhook topics that carry an order body.
ORDER_TOPICS = frozenset(
    {"order.created", "order.updated", "order.restored", "action.woocommerce_order"}
)
DELETED_TOPIC = "order.deleted"


def orders_query(since, page, per_page=PER_PAGE):
    """Query parameters of one page of orders changed since ``since`` (UTC ISO).

    WooCommerce takes ``modified_after`` without the ``Z``; ``dates_are_gmt``
    says it is UTC.
    """
    return {
        "modified_after": str(since or "").rstrip("Z"),
        "dates_are_gmt": "true",
        "orderby": "modified",
        "order": "asc",
        "per_page": str(per_page),
        "page": str(page),
    }


def total_pages(headers):
    """``X-WP-TotalPages`` of an answer (0 when absent or not a number)."""
    value = None
    for name, content in (headers or {}).items():
        if str(name).lower() == "x-wp-totalpages":
            value = content
            break
    try:
        return max(0, int(str(value).strip()))
    except (TypeError, ValueError):
        return 0


def next_page(cursor):
    """Page to ask for after the page ``cursor`` (``""`` before the first)."""
    try:
        done = int(cursor or 0)
    except ValueError as exc:
        raise DomainError("Polling cursor %r is not a page number." % cursor) from exc
    return max(0, done) + 1


def is_ping(body, signature):
    """The unsigned test delivery WooCommerce sends when a webhook is saved."""
    return not signature and bool(PING_RE.match((body or b"").strip()))


@dataclass(frozen=True)
class StockItem:
    """One quantity to set: ``parent_id`` is the variable product of a
    variation, empty for a simple product."""

    external_id: str
    parent_id: str
    quantity: int


def stock_batches(items, limit=BATCH_LIMIT):
    """[(path, body)] of the batch calls setting the items' quantities.

    Simple products go to ``products/batch``, variations to their parent's
    ``products/<parent>/variations/batch``; each body updates at most
    ``limit`` objects, absolute quantities with stock managed (sending a batch
    twice does no harm).
    """
    groups = {}
    for item in items:
        if not item.external_id:
            continue
        if item.parent_id and item.parent_id != item.external_id:
            path = "products/%s/variations/batch" % item.parent_id
        else:
            path = "products/batch"
        groups.setdefault(path, []).append(
            {
                "id": int(item.external_id)
                if str(item.external_id).isdigit()
                else item.external_id,
                "manage_stock": True,
                "stock_quantity": max(0, int(item.quantity)),
            }
        )
    calls = []
    for path in sorted(groups, key=lambda p: (p != "products/batch", p)):
        updates = groups[path]
        for start in range(0, len(updates), limit):
            calls.append((path, {"update": updates[start : start + limit]}))
    return calls


def completion_note(tracking_number, company="", url=""):
    """Text of the order note added when the order is completed."""
    parts = ["Shipped"]
    if company:
        parts.append("with %s" % company)
    if tracking_number:
        parts.append("- tracking number %s" % tracking_number)
    text = " ".join(parts) + "."
    if url:
        text += " Track it: %s" % url
    return text


def refund_body(amount, reason, lines, restock=False):
    """Body of ``POST orders/<id>/refunds`` for a return settled with us.

    :param lines: [(order line id, quantity)]; the money goes back by hand
        (``api_refund`` false: the payment gateway is not asked)
    """
    return {
        "amount": "%.2f" % float(amount or 0),
        "reason": reason or "",
        "api_refund": False,
        "api_restock": bool(restock),
        "line_items": [
            {"id": int(line) if str(line).isdigit() else line, "quantity": int(qty)}
            for line, qty in lines
        ],
    }
