"""Normalized order structure that every channel's mapper produces.

A connector maps its payload to a plain dict of this shape; :func:`parse_order`
checks it and returns a :class:`NormalizedOrder` with the problems found. It never
raises: whatever the dict holds (wrong types, non-finite or absurd numbers, huge
strings), the result is an order, possibly empty, and a list of
:class:`IntakeProblem` codes that keep it in exception until a person fixes it.
Problems carry a code and parameters, never a sentence: the Odoo addon words them
in the user's language.
"""

import hashlib
import math
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from .payload import json_type, safe_repr, storable_text

PAYMENT_STATUSES = (
    "unknown",
    "pending",
    "authorized",
    "paid",
    "partially_paid",
    "refunded",
)

# Longest names, addresses, SKUs and references kept; longer ones are cut and
# flagged (database indexes refuse long keys, and nobody types that much).
MAX_TEXT = 1000
MAX_NOTE = 20000
# Longest external id used as the order's identity; longer ones are hashed.
MAX_EXTERNAL_ID = 255
# Amounts and quantities at or beyond this are refused as out of range.
MAX_AMOUNT = Decimal("1e12")
_MAX_NUMBER_TEXT = 100
_TRUE = ("1", "true", "yes", "y", "on")
_FALSE = ("", "0", "false", "no", "n", "off")


class IntakeCode:
    """Codes of :class:`IntakeProblem`; connectors may add their own."""

    # The payload's shape (parse_order)
    NOT_AN_OBJECT = "not_an_object"
    NO_EXTERNAL_ID = "no_external_id"
    EXTERNAL_ID_TOO_LONG = "external_id_too_long"
    NOT_A_LIST = "not_a_list"
    LINE_NOT_AN_OBJECT = "line_not_an_object"
    ADDRESS_NOT_AN_OBJECT = "address_not_an_object"
    NOT_TEXT = "not_text"
    TEXT_TOO_LONG = "text_too_long"
    NOT_A_NUMBER = "not_a_number"
    NOT_FINITE = "not_finite"
    OUT_OF_RANGE = "out_of_range"
    NOT_A_FLAG = "not_a_flag"
    BAD_LINE = "bad_line"
    NO_CURRENCY = "no_currency"
    NO_LINES = "no_lines"
    MISSING_ADDRESS = "missing_address"
    # Resolving the order against the database (the addon's resolver)
    NORMALIZED_NOT_JSON = "normalized_not_json"
    UNKNOWN_CURRENCY = "unknown_currency"
    INACTIVE_CURRENCY = "inactive_currency"
    NO_PRICELIST = "no_pricelist"
    NO_GENERIC_CUSTOMER = "no_generic_customer"
    NO_CUSTOMER = "no_customer"
    UNKNOWN_PRODUCT = "unknown_product"
    UNKNOWN_TAX = "unknown_tax"
    # Building and confirming the order
    TOTALS_DIFFER = "totals_differ"
    CHANGED_AFTER_CONFIRMATION = "changed_after_confirmation"
    REFUSED = "refused"
    CONFIRMATION_REFUSED = "confirmation_refused"
    INTERNAL_ERROR = "internal_error"


@dataclass(frozen=True)
class IntakeProblem:
    """Something that keeps an order in exception until a person fixes it.

    ``params`` are plain values (str, numbers) the message is built from;
    ``line`` in them is the 1-based position of the line in the channel's list.
    """

    code: str
    params: dict = field(default_factory=dict, hash=False)

    def to_dict(self):
        return {"code": self.code, "params": dict(self.params)}


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
    """One product line. ``sku`` may be empty when the channel identifies the
    product by ``external_variant_id`` / ``external_product_id`` only (a
    connector's binder resolves those)."""

    sku: str
    quantity: Decimal
    unit_price: Decimal
    name: str = ""
    discount_amount: Decimal = Decimal(0)
    tax_rates: tuple = ()
    external_line_id: str = ""
    external_product_id: str = ""
    external_variant_id: str = ""

    @property
    def discount_percent(self):
        """Discount amount of the line expressed as Odoo's percentage.

        Between -100 and 100: a discount beyond the line's amount (or a quantity
        too small to price) would be a percentage no float holds; the totals
        check reports what the channel declared against what the order sums to.
        """
        gross = self.quantity * self.unit_price
        if not gross or not self.discount_amount:
            return Decimal(0)
        percent = self.discount_amount / gross * 100
        return max(min(percent, Decimal(100)), Decimal(-100))


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
    customer_external_id: str = ""
    problems: tuple = field(default=(), compare=False)

    def to_dict(self):
        """JSON-serialisable form (decimals as strings), stored on the intake."""
        return _jsonable(asdict(self))


def order_key(data, raw_data):
    """Identity of an order within its channel: its external id, or a hash.

    A usable external id (text or number, at most :data:`MAX_EXTERNAL_ID`
    characters) is the key; a longer one is hashed; without one the exact bytes
    of the payload are, so that re-sending the same payload finds the same
    intake.
    """
    value = data.get("external_id") if isinstance(data, dict) else None
    text = _text_value(value).strip() if _is_text_like(value) else ""
    if text and len(text) <= MAX_EXTERNAL_ID:
        return text
    source = text.encode("utf-8") if text else bytes(raw_data)
    return "sha256:%s" % hashlib.sha256(source).hexdigest()


def parse_order(data):
    """Check a normalized order dict and build a :class:`NormalizedOrder`.

    Never raises. Whatever cannot be read becomes a problem in
    ``order.problems`` (see :class:`IntakeCode`) and an empty or default value; an
    order with problems stays in exception.
    """
    problems = []
    if not isinstance(data, dict):
        problems.append(
            IntakeProblem(IntakeCode.NOT_AN_OBJECT, {"type": json_type(data)})
        )
        data = {}
    external_id = _text(data, "external_id", problems, limit=None)
    if not external_id:
        problems.append(IntakeProblem(IntakeCode.NO_EXTERNAL_ID))
    elif len(external_id) > MAX_EXTERNAL_ID:
        problems.append(
            IntakeProblem(
                IntakeCode.EXTERNAL_ID_TOO_LONG,
                {"length": len(external_id), "limit": MAX_EXTERNAL_ID},
            )
        )
        external_id = order_key({"external_id": external_id}, b"")
    raw_lines = _list(data, "lines", problems)
    customer = _address(data, "customer", problems) or NormalizedAddress()
    shipping = _address(data, "shipping_address", problems)
    billing = _address(data, "billing_address", problems)
    lines = tuple(
        line
        for line in (
            _line(raw, index + 1, problems) for index, raw in enumerate(raw_lines)
        )
        if line is not None
    )
    currency = _text(data, "currency", problems).upper()
    if not currency:
        problems.append(IntakeProblem(IntakeCode.NO_CURRENCY))
    if not lines:
        problems.append(IntakeProblem(IntakeCode.NO_LINES))
    if not (shipping or customer).is_shippable():
        problems.append(IntakeProblem(IntakeCode.MISSING_ADDRESS))
    payment_status = _text(data, "payment_status", problems)
    if payment_status not in PAYMENT_STATUSES:
        payment_status = "unknown"
    return NormalizedOrder(
        external_id=external_id,
        currency=currency,
        customer=customer,
        lines=lines,
        shipping_address=shipping,
        billing_address=billing,
        order_date=_text(data, "order_date", problems),
        prices_include_tax=_flag(data, "prices_include_tax", problems),
        shipping_amount=_number(data, "shipping_amount", problems) or Decimal(0),
        shipping_tax_rates=_rates(data, "shipping_tax_rates", problems),
        shipping_method=_text(data, "shipping_method", problems),
        total=_number(data, "total", problems),
        payment_status=payment_status,
        note=_text(data, "note", problems, limit=MAX_NOTE),
        # The channel's customer id, for connectors' customer bindings; an
        # unusable one only means no binding (not a problem of the order).
        customer_external_id=_text(data, "customer_external_id", [], limit=None),
        problems=tuple(problems),
    )


def _address(data, key, problems):
    raw = data.get(key)
    if raw is None or raw is False or (isinstance(raw, str | dict) and not raw):
        return None
    if not isinstance(raw, dict):
        problems.append(
            IntakeProblem(
                IntakeCode.ADDRESS_NOT_AN_OBJECT, {"field": key, "type": json_type(raw)}
            )
        )
        return None
    values = {
        name: _text(raw, name, problems, path="%s.%s" % (key, name))
        for name in NormalizedAddress.__dataclass_fields__
    }
    values["country_code"] = values["country_code"].upper()
    values["email"] = values["email"].lower()
    return NormalizedAddress(**values)


def _line(raw, number, problems):
    if not isinstance(raw, dict):
        problems.append(
            IntakeProblem(
                IntakeCode.LINE_NOT_AN_OBJECT, {"line": number, "type": json_type(raw)}
            )
        )
        return None
    sku = _text(raw, "sku", problems, line=number)
    product_id = _text(raw, "external_product_id", problems, line=number)
    variant_id = _text(raw, "external_variant_id", problems, line=number)
    count = len(problems)
    quantity = _number(raw, "quantity", problems, line=number)
    if len(problems) > count:
        return None
    if not (sku or product_id or variant_id) or not quantity or quantity <= 0:
        problems.append(IntakeProblem(IntakeCode.BAD_LINE, {"line": number}))
        return None
    return NormalizedLine(
        sku=sku,
        quantity=quantity,
        unit_price=_number(raw, "unit_price", problems, line=number) or Decimal(0),
        name=_text(raw, "name", problems, line=number),
        discount_amount=(
            _number(raw, "discount_amount", problems, line=number) or Decimal(0)
        ),
        tax_rates=_rates(raw, "tax_rates", problems, line=number),
        external_line_id=_text(raw, "external_line_id", problems, line=number),
        external_product_id=product_id,
        external_variant_id=variant_id,
    )


def _where(key, line, path):
    params = {"field": path or key}
    if line is not None:
        params["line"] = line
    return params


def _is_text_like(value):
    return isinstance(value, str | int | float | Decimal) and not isinstance(
        value, bool
    )


def _text_value(value):
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, int) and value.bit_length() > 3000:
        # str() refuses integers of more than 4300 digits.
        return safe_repr(value, limit=MAX_TEXT + 1)
    return storable_text(str(value))


def _text(container, key, problems, line=None, path=None, limit=MAX_TEXT):
    """Stripped text of ``container[key]`` ('' when absent or unusable)."""
    value = container.get(key)
    if value is None or value is False:
        return ""
    if not _is_text_like(value):
        problems.append(
            IntakeProblem(
                IntakeCode.NOT_TEXT,
                dict(_where(key, line, path), type=json_type(value)),
            )
        )
        return ""
    text = _text_value(value).strip()
    if limit and len(text) > limit:
        problems.append(
            IntakeProblem(
                IntakeCode.TEXT_TOO_LONG,
                dict(_where(key, line, path), length=len(text), limit=limit),
            )
        )
        text = text[:limit]
    return text


def _list(container, key, problems, line=None):
    value = container.get(key)
    if value is None or value is False:
        return ()
    if not isinstance(value, list | tuple):
        problems.append(
            IntakeProblem(
                IntakeCode.NOT_A_LIST,
                dict(_where(key, line, None), type=json_type(value)),
            )
        )
        return ()
    return value


def _number(container, key, problems, line=None):
    """Decimal of ``container[key]``; None when absent or unusable."""
    value = container.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number, code = _decimal(value)
    if code:
        params = dict(_where(key, line, None), value=safe_repr(value, limit=40))
        if code == IntakeCode.OUT_OF_RANGE:
            params["limit"] = format(MAX_AMOUNT, "f")
        problems.append(IntakeProblem(code, params))
    return number


def _decimal(value):
    """``(Decimal, None)`` or ``(None, problem code)``."""
    if isinstance(value, bool):
        return None, IntakeCode.NOT_A_NUMBER
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None, IntakeCode.NOT_FINITE
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_NUMBER_TEXT:
            return None, IntakeCode.NOT_A_NUMBER
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            return None, IntakeCode.NOT_A_NUMBER
    else:
        return None, IntakeCode.NOT_A_NUMBER
    if not number.is_finite():
        return None, IntakeCode.NOT_FINITE
    if abs(number) >= MAX_AMOUNT:
        return None, IntakeCode.OUT_OF_RANGE
    return number, None


def _rates(container, key, problems, line=None):
    rates = []
    for value in _list(container, key, problems, line):
        number, code = _decimal(value)
        if code:
            params = dict(_where(key, line, None), value=safe_repr(value, limit=40))
            if code == IntakeCode.OUT_OF_RANGE:
                params["limit"] = format(MAX_AMOUNT, "f")
            problems.append(IntakeProblem(code, params))
        else:
            rates.append(number)
    return tuple(rates)


def _flag(container, key, problems):
    value = container.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float | Decimal):
        number, code = _decimal(value)
        if not code and number in (0, 1):
            return bool(number)
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    problems.append(
        IntakeProblem(
            IntakeCode.NOT_A_FLAG, {"field": key, "value": safe_repr(value, limit=40)}
        )
    )
    return False


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
