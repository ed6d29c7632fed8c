"""OMS status of a channel order, derived from its sale, picking and exception state."""

from enum import Enum


class OmsStatus(str, Enum):
    NEW = "new"
    EXCEPTION = "exception"
    ALLOCATED = "allocated"
    IN_FULFILMENT = "in_fulfilment"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


def derive_status(sale_state, delivery_states=(), has_exception=False, delivered=False):
    """Return the OmsStatus of an order.

    :param sale_state: ``sale.order.state`` (draft, sent, sale, cancel)
    :param delivery_states: states of the order's outgoing pickings
    :param has_exception: the order carries an unresolved exception
    :param delivered: the carrier or a user confirmed delivery to the customer
    """
    if sale_state == "cancel":
        return OmsStatus.CANCELLED
    if has_exception:
        return OmsStatus.EXCEPTION
    if sale_state in ("draft", "sent"):
        return OmsStatus.NEW
    live = [s for s in delivery_states if s != "cancel"]
    if live and all(s == "done" for s in live):
        return OmsStatus.DELIVERED if delivered else OmsStatus.SHIPPED
    if not live or all(s == "assigned" for s in live):
        # Nothing to pick yet (services only) or every delivery is fully reserved.
        return OmsStatus.ALLOCATED
    return OmsStatus.IN_FULFILMENT
