"""What the channel order mappers (Shopify, WooCommerce) share: the mapped
order and refund, and the JSON shape checks of their payloads."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .errors import DomainError


@dataclass(frozen=True)
class ChannelRefund:
    external_id: str
    amount: str
    currency: str
    note: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class ChannelOrder:
    """A mapped order: the normalized dict and what the connector keeps aside."""

    external_id: str
    name: str
    normalized: dict
    updated_at: str = ""
    cancelled_at: str = ""
    financial_status: str = ""
    customer_id: str = ""
    refunds: tuple = field(default=())

    @property
    def cancelled(self):
        return bool(self.cancelled_at)


def obj(value, label):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DomainError("%s must be a JSON object." % label)
    return value


def list_of(value, label):
    if value is None:
        return []
    if not isinstance(value, list):
        raise DomainError("%s must be a list." % label)
    return value


def text(value):
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def amount(value, label, strip=False):
    """Decimal of a number or numeric string; None and '' give 0."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool | dict | list):
        raise DomainError("%s is not an amount." % label)
    text = str(value)
    try:
        result = Decimal(text.strip() if strip else text)
    except (InvalidOperation, ValueError) as exc:
        raise DomainError("%s is not an amount: %r" % (label, value)) from exc
    if not result.is_finite():
        raise DomainError("%s is not a finite amount." % label)
    return result
