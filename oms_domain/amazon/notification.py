"""ORDER_CHANGE notifications (SP-API Notifications, schema in
``OrderChangeNotification.json``): which order to read again."""

from dataclasses import dataclass

from ..errors import DomainError


@dataclass(frozen=True)
class OrderChange:
    order_id: str
    seller_id: str
    change_type: str
    status: str
    event_time: str


def order_change(payload):
    """The order an ORDER_CHANGE notification is about.

    The notification carries a summary only (no buyer, no prices): the
    connector reads the order again through the Orders API.

    :raise DomainError: not an ORDER_CHANGE notification
    """
    if not isinstance(payload, dict) or payload.get("NotificationType") != (
        "ORDER_CHANGE"
    ):
        raise DomainError("Not an ORDER_CHANGE notification.")
    body = payload.get("Payload")
    change = body.get("OrderChangeNotification") if isinstance(body, dict) else None
    if not isinstance(change, dict) or not change.get("AmazonOrderId"):
        raise DomainError("The notification names no order.")
    summary = change.get("Summary") if isinstance(change.get("Summary"), dict) else {}
    return OrderChange(
        order_id=str(change["AmazonOrderId"]),
        seller_id=str(change.get("SellerId") or ""),
        change_type=str(change.get("OrderChangeType") or ""),
        status=str(summary.get("OrderStatus") or ""),
        event_time=str(payload.get("EventTime") or ""),
    )
