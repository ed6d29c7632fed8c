"""Normalized order structure that every channel's mapper produces.

A connector maps its payload to a plain dict of this shape; :func:`parse_order`
checks it and returns a :class:`NormalizedOrder` plus the problems that do not
prevent taking the order in (they put it in exception instead).
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from .errors import DomainError

PAYMENT_STATUSES = (
    "unknown",
    "pending",
    "authorized",
    "paid",
    "partially_paid",
    "refunded",
)


@dataclass(frozen=True)
class IntakeProblem:
    """Something that keeps an order in exception until a person fixes it."""

    code: str
    message: str


@dataclass(frozen=True)
class NormalizedAddress:
    name: str = ""
    email: str = ""
    phone: str = ""
    company_name: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    zip: str = ""
    state_code: str = ""
    country_code: str = ""

    def is_shippable(self):
        return bool(self.name and self.street and self.city and self.country_code)


@dataclass(frozen=True)
class NormalizedLine:
    sku: str
    quantity: Decimal
    unit_price: Decimal
    name: str = ""
    discount_amount: Decimal = Decimal(0)
    tax_rates: tuple = ()
    external_line_id: str = ""

    @property
    def discount_percent(self):
        """Discount amount of the line expressed as Odoo's percentage."""
        gross = self.quantity * self.unit_price
        if not gross or not self.discount_amount:
            return Decimal(0)
        return self.discount_amount / gross * 100


@dataclass(frozen=True)
class NormalizedOrder:
    external_id: str
    currency: str
    customer: NormalizedAddress
    lines: tuple
    shipping_address: NormalizedAddress = None
    billing_address: NormalizedAddress = None
    order_date: str = ""
    prices_include_tax: bool = False
    shipping_amount: Decimal = Decimal(0)
    shipping_tax_rates: tuple = ()
    shipping_method: str = ""
    total: Decimal = None
    payment_status: str = "unknown"
    note: str = ""
    problems: tuple = field(default=(), compare=False)

    def to_dict(self):
        """JSON-serialisable form (decimals as strings), stored on the intake."""
        return _jsonable(asdict(self))


def parse_order(data):
    """Check a normalized order dict and build a :class:`NormalizedOrder`.

    Raises :class:`DomainError` when the dict cannot be an order at all (no
    external id, lines not a list). Recoverable gaps (no shipping address, no
    currency, no lines) are returned in ``order.problems``.
    """
    if not isinstance(data, dict):
        raise DomainError("An order must be a JSON object.")
    external_id = str(data.get("external_id") or "").strip()
    if not external_id:
        raise DomainError("The order has no external id.")
    raw_lines = data.get("lines") or []
    if not isinstance(raw_lines, list):
        raise DomainError("The order lines must be a list.")
    problems = []
    customer = _address(data.get("customer"))
    shipping = (
        _address(data.get("shipping_address")) if data.get("shipping_address") else None
    )
    billing = (
        _address(data.get("billing_address")) if data.get("billing_address") else None
    )
    lines = tuple(_line(raw, index, problems) for index, raw in enumerate(raw_lines))
    lines = tuple(line for line in lines if line is not None)
    currency = str(data.get("currency") or "").strip().upper()
    if not currency:
        problems.append(IntakeProblem("unknown_currency", "The order has no currency."))
    if not lines:
        problems.append(IntakeProblem("no_lines", "The order has no product lines."))
    if not (shipping or customer).is_shippable():
        problems.append(
            IntakeProblem(
                "missing_address",
                "The order has no complete shipping address (name, street, city, "
                "country).",
            )
        )
    payment_status = str(data.get("payment_status") or "unknown")
    if payment_status not in PAYMENT_STATUSES:
        payment_status = "unknown"
    total = data.get("total")
    return NormalizedOrder(
        external_id=external_id,
        currency=currency,
        customer=customer,
        lines=lines,
        shipping_address=shipping,
        billing_address=billing,
        order_date=str(data.get("order_date") or ""),
        prices_include_tax=bool(data.get("prices_include_tax")),
        shipping_amount=_decimal(data.get("shipping_amount") or 0, "shipping_amount"),
        shipping_tax_rates=_rates(data.get("shipping_tax_rates")),
        shipping_method=str(data.get("shipping_method") or ""),
        total=None if total in (None, "") else _decimal(total, "total"),
        payment_status=payment_status,
        note=str(data.get("note") or ""),
        problems=tuple(problems),
    )


def _address(raw):
    raw = raw or {}
    if not isinstance(raw, dict):
        raise DomainError("An address must be a JSON object.")
    names = NormalizedAddress.__dataclass_fields__
    values = {key: str(raw.get(key) or "").strip() for key in names}
    values["country_code"] = values["country_code"].upper()
    values["email"] = values["email"].lower()
    return NormalizedAddress(**values)


def _line(raw, index, problems):
    if not isinstance(raw, dict):
        raise DomainError("Line %s is not a JSON object." % (index + 1))
    sku = str(raw.get("sku") or "").strip()
    quantity = _decimal(raw.get("quantity", 0), "quantity")
    if not sku or quantity <= 0:
        problems.append(
            IntakeProblem(
                "bad_line",
                "Line %s has no SKU or a quantity that is not positive." % (index + 1),
            )
        )
        return None
    return NormalizedLine(
        sku=sku,
        quantity=quantity,
        unit_price=_decimal(raw.get("unit_price", 0), "unit_price"),
        name=str(raw.get("name") or ""),
        discount_amount=_decimal(raw.get("discount_amount") or 0, "discount_amount"),
        tax_rates=_rates(raw.get("tax_rates")),
        external_line_id=str(raw.get("external_line_id") or ""),
    )


def _rates(raw):
    return tuple(_decimal(rate, "tax rate") for rate in (raw or ()))


def _decimal(value, label):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError("%s is not a number: %r" % (label, value)) from exc


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
