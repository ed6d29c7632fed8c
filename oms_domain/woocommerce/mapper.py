"""WooCommerce ``order`` bodies to the normalized order of :mod:`oms_domain.intake`.

A webhook delivery and ``GET /wc/v3/orders/<id>`` carry the same body. Line
``subtotal`` and ``total`` are always without tax in WooCommerce (whatever the
shop displays), so the normalized order is tax-exclusive: unit price is the
subtotal per unit, the discount is what coupons took (subtotal - total). Tax
rates come from the order's ``tax_lines`` (``rate_percent``, WooCommerce 5.7+)
and, for older shops, from the line's own tax over its total. Times are the
``*_gmt`` ones, made UTC (``Z``).
"""

import html
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..channel_order import ChannelOrder, ChannelRefund, amount, list_of, obj, text
from ..errors import DomainError
from ..polling import format_time, parse_time

# WooCommerce order statuses to the intake's payment statuses.
PAYMENT_STATUS = {
    "pending": "pending",
    "on-hold": "pending",
    "processing": "paid",
    "completed": "paid",
    "refunded": "refunded",
    "cancelled": "unknown",
    "failed": "unknown",
    "trash": "unknown",
    "checkout-draft": "pending",
}
CANCELLED_STATUSES = ("cancelled", "trash")
RATE_QUANTUM = Decimal("0.01")


@dataclass(frozen=True)
class WooRefund(ChannelRefund):
    pass


@dataclass(frozen=True)
class WooOrder(ChannelOrder):
    """A mapped order: the normalized dict and what the connector keeps aside
    (the same attributes as :class:`oms_domain.shopify.ShopifyOrder`)."""


_obj = obj
_list = list_of


def _text(value):
    # Unlike Shopify's, a boolean is no text here.
    return "" if isinstance(value, bool) else text(value)


def _id(value):
    """An id as text; 0 (WooCommerce's "none") gives ''."""
    text = _text(value)
    return "" if text in ("", "0") else text


def _money(value, label):
    return amount(value, label, strip=True)


def _utc(value):
    """UTC text of a ``*_gmt`` value (WooCommerce leaves out the zone)."""
    when = parse_time(_text(value))
    return format_time(when) if when else ""


def _percent(value):
    return format(value.normalize(), "f") if value else "0"


def _rate_table(tax_lines):
    """{rate id: percentage text} of the order's tax lines that say it."""
    table = {}
    for tax in tax_lines:
        tax = _obj(tax, "A tax line")
        rate_id = _id(tax.get("rate_id"))
        if rate_id and tax.get("rate_percent") not in (None, ""):
            table[rate_id] = _percent(_money(tax.get("rate_percent"), "rate_percent"))
    return table


def _line_rates(taxes, table, base, tax_total):
    """Percentages of one line (or shipping line)."""
    rates = []
    missing = False
    for tax in taxes:
        tax = _obj(tax, "A line tax")
        if not _money(tax.get("total"), "tax").is_zero() or tax.get("subtotal"):
            rate = table.get(_id(tax.get("id")))
            if rate is None:
                missing = True
            elif rate != "0" and rate not in rates:
                rates.append(rate)
    if missing and base and tax_total:
        # Shops before 5.7: the rate is the line's tax over its total.
        rate = (tax_total / base * 100).quantize(RATE_QUANTUM, ROUND_HALF_UP)
        rate = _percent(rate)
        if rate != "0" and rate not in rates:
            rates.append(rate)
    return rates


def _address(raw, email=""):
    raw = _obj(raw, "An address")
    if not any(_text(value) for value in raw.values()):
        return None
    name = " ".join(
        part
        for part in (_text(raw.get("first_name")), _text(raw.get("last_name")))
        if part
    )
    return {
        "name": name or _text(raw.get("company")),
        "email": (_text(raw.get("email")) or email).lower(),
        "phone": _text(raw.get("phone")),
        "company_name": _text(raw.get("company")),
        "street": _text(raw.get("address_1")),
        "street2": _text(raw.get("address_2")),
        "city": _text(raw.get("city")),
        "zip": _text(raw.get("postcode")),
        "state_code": _text(raw.get("state")),
        "country_code": _text(raw.get("country")).upper(),
    }


def _line(raw, index, table):
    raw = _obj(raw, "Line %s" % index)
    quantity = _money(raw.get("quantity"), "quantity")
    subtotal = _money(raw.get("subtotal"), "subtotal")
    total = _money(raw.get("total"), "total")
    unit = subtotal / quantity if quantity else _money(raw.get("price"), "price")
    product_id = _id(raw.get("product_id"))
    return {
        "sku": _text(raw.get("sku")),
        "quantity": str(quantity),
        "unit_price": str(unit),
        "discount_amount": str(max(Decimal(0), subtotal - total)),
        "tax_rates": _line_rates(
            _list(raw.get("taxes"), "taxes"),
            table,
            total,
            _money(raw.get("total_tax"), "total_tax"),
        ),
        "name": html.unescape(_text(raw.get("name"))),
        "external_line_id": _id(raw.get("id")),
        "external_product_id": product_id,
        # Bindings are by variation, or by product for simple products.
        "external_variant_id": _id(raw.get("variation_id")) or product_id,
    }


def order_from_rest(payload):
    """Map a WooCommerce ``order`` (v3) to a :class:`WooOrder`.

    :raise DomainError: the payload cannot be an order (not an object, no id,
        lines not a list, amounts that are not numbers)
    """
    order = _obj(payload, "The order")
    external_id = _id(order.get("id"))
    if not external_id:
        raise DomainError("The WooCommerce order has no id.")
    currency = _text(order.get("currency")).upper()
    billing = _address(order.get("billing"))
    email = (billing or {}).get("email", "")
    shipping = _address(order.get("shipping"), email)
    table = _rate_table(_list(order.get("tax_lines"), "tax_lines"))
    lines = [
        _line(raw, index + 1, table)
        for index, raw in enumerate(_list(order.get("line_items"), "line_items"))
    ]
    shipping_lines = [
        _obj(line, "A shipping line")
        for line in _list(order.get("shipping_lines"), "shipping_lines")
    ]
    shipping_amount = sum(
        (_money(line.get("total"), "shipping") for line in shipping_lines),
        Decimal(0),
    )
    shipping_rates = []
    for line in shipping_lines:
        for rate in _line_rates(
            _list(line.get("taxes"), "taxes"),
            table,
            _money(line.get("total"), "shipping"),
            _money(line.get("total_tax"), "shipping tax"),
        ):
            if rate not in shipping_rates:
                shipping_rates.append(rate)
    # Fees (gift wrap, surcharges) have no product: kept in the note so that
    # the totals check says why the order differs.
    fees = [
        "%s: %s" % (_text(fee.get("name")), _text(fee.get("total")))
        for fee in (
            _obj(fee, "A fee line") for fee in _list(order.get("fee_lines"), "fees")
        )
    ]
    note = _text(order.get("customer_note"))
    if fees:
        note = "\n".join(([note] if note else []) + ["Fees: " + "; ".join(fees)])
    status = _text(order.get("status")).lower()
    customer = dict(billing or shipping or {})
    customer_id = _id(order.get("customer_id"))
    updated = _utc(order.get("date_modified_gmt") or order.get("date_modified"))
    normalized = {
        "external_id": external_id,
        "currency": currency,
        "customer": customer,
        "shipping_address": shipping,
        "billing_address": billing,
        "customer_external_id": customer_id,
        "lines": lines,
        "shipping_amount": str(shipping_amount),
        "shipping_tax_rates": shipping_rates,
        "shipping_method": ", ".join(
            _text(line.get("method_title")) for line in shipping_lines
        ),
        "prices_include_tax": False,
        "total": str(_money(order.get("total"), "total")),
        "payment_status": PAYMENT_STATUS.get(status, "unknown"),
        "order_date": _utc(order.get("date_created_gmt") or order.get("date_created")),
        "note": note,
        "channel_order_name": _text(order.get("number")) or external_id,
    }
    refunds = tuple(
        WooRefund(
            external_id=_id(refund.get("id")),
            amount=str(abs(_money(refund.get("total"), "refund total"))),
            currency=currency,
            note=_text(refund.get("reason") or refund.get("refund")),
        )
        for refund in (
            _obj(refund, "A refund")
            for refund in _list(order.get("refunds"), "refunds")
        )
    )
    return WooOrder(
        external_id=external_id,
        name="#%s" % (_text(order.get("number")) or external_id),
        normalized=normalized,
        updated_at=updated,
        cancelled_at=updated if status in CANCELLED_STATUSES else "",
        financial_status=status,
        customer_id=customer_id,
        refunds=refunds,
    )
