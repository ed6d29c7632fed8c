"""Requests of the Selling Partner API that the connector sends.

- Orders are polled by ``lastUpdatedAfter`` (the run's lower bound), 100 a
  page; the answer's next token is the cursor of :mod:`oms_domain.polling`.
  Orders API ``2026-01-01`` (``searchOrders``) brings the items, buyer and
  recipient inline (``includedData``); ``v0`` (``getOrders``) needs one
  ``getOrderItems`` per order. Array parameters are comma-separated
  (Swagger 2's default ``csv``).
- Buyer and address data are restricted: the call that reads them carries a
  restricted data token (Tokens API ``createRestrictedDataToken``) instead
  of the plain access token.
- A shipment is confirmed with tracking by v0 ``confirmShipment`` (the
  2026-01-01 model has no shipment operation).
"""

from ..errors import DomainError
from ..polling import format_time, parse_time

ORDERS_2026 = "2026-01-01"
ORDERS_V0 = "v0"
PER_PAGE = 100
SEARCH_PATH = "/orders/2026-01-01/orders"
GET_ORDERS_PATH = "/orders/v0/orders"
INCLUDED_DATA = ("BUYER", "RECIPIENT", "PROCEEDS", "PROMOTION", "FULFILLMENT")
# Data elements of v0 getOrders behind a restricted data token.
V0_DATA_ELEMENTS = ("buyerInfo", "shippingAddress")
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
EXPIRED_MARKERS = ("expired", "unauthorized", "invalid token", "access token")


def _since(since):
    when = parse_time(str(since or ""))
    if not when:
        raise DomainError("The import has no start time.")
    return format_time(when)


def _marketplaces(marketplace_ids):
    ids = [m.strip() for m in marketplace_ids or () if m and m.strip()]
    if not ids:
        raise DomainError("The Amazon account has no marketplace id.")
    return ",".join(ids)


def search_orders_query(since, marketplace_ids, token="", per_page=PER_PAGE):
    """Query of one ``searchOrders`` page (2026-01-01)."""
    query = {
        "lastUpdatedAfter": _since(since),
        "marketplaceIds": _marketplaces(marketplace_ids),
        "fulfilledBy": "MERCHANT",
        "includedData": ",".join(INCLUDED_DATA),
        "maxResultsPerPage": str(per_page),
    }
    if token:
        query["paginationToken"] = token
    return query


def v0_orders_query(since, marketplace_ids, token="", per_page=PER_PAGE):
    """Query of one v0 ``getOrders`` page."""
    query = {
        "MarketplaceIds": _marketplaces(marketplace_ids),
        "LastUpdatedAfter": _since(since),
        "FulfillmentChannels": "MFN",
        "MaxResultsPerPage": str(per_page),
    }
    if token:
        query["NextToken"] = token
    return query


def next_token(payload, version):
    """Token of the next page of a search answer, '' on the last page."""
    if not isinstance(payload, dict):
        return ""
    if version == ORDERS_2026:
        pagination = payload.get("pagination")
        token = pagination.get("nextToken") if isinstance(pagination, dict) else ""
    else:
        inner = payload.get("payload")
        token = inner.get("NextToken") if isinstance(inner, dict) else ""
    return token if isinstance(token, str) else ""


def orders_of(payload, version):
    """The orders list of a search answer.

    :raise DomainError: the answer does not have one
    """
    if isinstance(payload, dict) and version != ORDERS_2026:
        payload = payload.get("payload")
    key = "orders" if version == ORDERS_2026 else "Orders"
    orders = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(orders, list):
        raise DomainError("The Amazon answer has no %s list." % key)
    return orders


def items_of(payload):
    """(items, next token) of a v0 ``getOrderItems`` answer."""
    inner = payload.get("payload") if isinstance(payload, dict) else None
    items = inner.get("OrderItems") if isinstance(inner, dict) else None
    if not isinstance(items, list):
        raise DomainError("The Amazon answer has no OrderItems list.")
    token = inner.get("NextToken")
    return items, token if isinstance(token, str) else ""


def rdt_request(method, path, data_elements=()):
    """Body of ``createRestrictedDataToken`` for one restricted call."""
    resource = {"method": method, "path": path}
    if data_elements:
        resource["dataElements"] = list(data_elements)
    return {"restrictedResources": [resource]}


def is_expired_token(status, payload):
    """A 401/403 that says the access token is not (or no longer) valid."""
    if status not in (401, 403):
        return False
    errors = payload.get("errors") if isinstance(payload, dict) else None
    text = " ".join(
        "%s %s" % (error.get("code", ""), error.get("message", ""))
        for error in errors or ()
        if isinstance(error, dict)
    ).lower()
    return any(marker in text for marker in EXPIRED_MARKERS)


def error_text(payload):
    """``code: message`` of an SP-API error list, for the manager."""
    errors = payload.get("errors") if isinstance(payload, dict) else None
    return "; ".join(
        "%s: %s" % (error.get("code", ""), error.get("message", ""))
        for error in errors or ()
        if isinstance(error, dict)
    )


def confirm_shipment_body(
    marketplace_id, package_ref, carrier, tracking_number, ship_date, items, method=""
):
    """Body of v0 ``confirmShipment``.

    :param items: [(order item id, quantity)]
    :param ship_date: datetime (UTC) of the shipment
    """
    if not items:
        raise DomainError("Nothing to confirm: the shipment has no Amazon items.")
    if not tracking_number:
        raise DomainError("Amazon needs a tracking number to confirm a shipment.")
    detail = {
        "packageReferenceId": str(package_ref),
        "carrierCode": carrier or "Other",
        "trackingNumber": tracking_number,
        "shipDate": format_time(ship_date),
        "orderItems": [
            {"orderItemId": str(item), "quantity": int(quantity)}
            for item, quantity in items
        ],
    }
    if carrier:
        detail["carrierName"] = carrier
    if method:
        detail["shippingMethod"] = method
    return {"marketplaceId": marketplace_id, "packageDetail": detail}
