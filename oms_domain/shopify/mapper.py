"""Shopify orders to the normalized order of :mod:`oms_domain.intake`.

Two shapes reach us: the GraphQL ``Order`` node of the polling import and the
REST-shaped JSON of webhook deliveries. Both give the same normalized dict, so
an order seen through both is one order. Shopify's tax rates are fractions
(0.06) in REST and percentages in GraphQL (``ratePercentage``); the normalized
order takes percentages. Times become UTC (``Z``).
"""

from dataclasses import dataclass
from decimal import Decimal

from ..channel_order import ChannelOrder, ChannelRefund, amount, list_of, obj, text
from ..errors import DomainError
from ..polling import format_time, parse_time
from .ids import legacy_id

FINANCIAL_STATUS = {
    "pending": "pending",
    "authorized": "authorized",
    "partially_paid": "partially_paid",
    "paid": "paid",
    "partially_refunded": "paid",
    "refunded": "refunded",
    "voided": "unknown",
    "expired": "unknown",
}


# Subclasses, not aliases: the names stay in reprs and the two channels'
# orders do not compare equal.
@dataclass(frozen=True)
class ShopifyRefund(ChannelRefund):
    pass


@dataclass(frozen=True)
class ShopifyOrder(ChannelOrder):
    """A mapped order: the normalized dict and what the connector keeps aside."""


_obj = obj
_list = list_of
_text = text


def _money(value, label):
    """Decimal of a number, numeric string or ``{shopMoney: {amount}}``."""
    if isinstance(value, dict):
        value = _obj(value.get("shopMoney") or value.get("shop_money"), label).get(
            "amount"
        )
    return amount(value, label)


def _utc(value):
    when = parse_time(_text(value))
    return format_time(when) if when else ""


def _rate_percent(value, fraction):
    rate = _money(value, "tax rate")
    rate = rate * 100 if fraction else rate
    # 0.06 * 100 gives 6.00: keep the rate as Odoo stores it.
    return format(rate.normalize(), "f") if rate else "0"


def _rates(tax_lines, fraction):
    rates = []
    for tax in tax_lines:
        tax = _obj(tax, "A tax line")
        key = "rate" if fraction else "ratePercentage"
        if tax.get(key) is None:
            continue
        rate = _rate_percent(tax.get(key), fraction)
        if rate != "0" and rate not in rates:
            rates.append(rate)
    return rates


def _address(raw, graphql, email=""):
    raw = _obj(raw, "An address")
    if not raw:
        return None
    name = _text(raw.get("name")) or " ".join(
        part
        for part in (
            _text(raw.get("firstName" if graphql else "first_name")),
            _text(raw.get("lastName" if graphql else "last_name")),
        )
        if part
    )
    return {
        "name": name,
        "email": email,
        "phone": _text(raw.get("phone")),
        "company_name": _text(raw.get("company")),
        "street": _text(raw.get("address1")),
        "street2": _text(raw.get("address2")),
        "city": _text(raw.get("city")),
        "zip": _text(raw.get("zip")),
        "state_code": _text(raw.get("provinceCode" if graphql else "province_code")),
        "country_code": _text(
            raw.get("countryCodeV2" if graphql else "country_code")
            or raw.get("countryCode")
        ),
    }


def _customer(raw_customer, email, phone, billing, shipping, graphql):
    customer = _obj(raw_customer, "The customer")
    first = _text(customer.get("firstName" if graphql else "first_name"))
    last = _text(customer.get("lastName" if graphql else "last_name"))
    fallback = billing or shipping or {}
    data = dict(fallback)
    data.update(
        {
            "name": " ".join(p for p in (first, last) if p) or fallback.get("name", ""),
            "email": email or _text(customer.get("email")),
            "phone": phone or _text(customer.get("phone")) or fallback.get("phone", ""),
        }
    )
    return data, legacy_id(customer.get("id"))


def _normalized(external_id, **values):
    return dict({"external_id": external_id}, **values)


def order_from_rest(payload):
    """Map a REST-shaped order (webhook body) to a :class:`ShopifyOrder`.

    :raise DomainError: the payload cannot be an order (not an object, no id,
        lines not a list, amounts that are not numbers)
    """
    order = _obj(payload, "The order")
    external_id = legacy_id(_text(order.get("id")))
    if not external_id:
        raise DomainError("The Shopify order has no id.")
    email = _text(order.get("email") or order.get("contact_email")).lower()
    shipping = _address(order.get("shipping_address"), False, email)
    billing = _address(order.get("billing_address"), False, email)
    customer, customer_id = _customer(
        order.get("customer"),
        email,
        _text(order.get("phone")),
        billing,
        shipping,
        False,
    )
    lines = []
    for index, raw in enumerate(_list(order.get("line_items"), "line_items")):
        raw = _obj(raw, "Line %s" % (index + 1))
        discount = sum(
            (
                _money(_obj(alloc, "A discount").get("amount"), "discount")
                for alloc in _list(raw.get("discount_allocations"), "discounts")
            ),
            Decimal(0),
        )
        lines.append(
            {
                "sku": _text(raw.get("sku")),
                "quantity": str(_money(raw.get("quantity"), "quantity")),
                "unit_price": str(_money(raw.get("price"), "price")),
                "discount_amount": str(discount),
                "tax_rates": _rates(_list(raw.get("tax_lines"), "tax_lines"), True),
                "name": _text(raw.get("name")),
                "external_line_id": legacy_id(raw.get("id")),
                "external_product_id": legacy_id(raw.get("product_id")),
                "external_variant_id": legacy_id(raw.get("variant_id")),
            }
        )
    shipping_lines = [
        _obj(line, "A shipping line")
        for line in _list(order.get("shipping_lines"), "shipping_lines")
    ]
    shipping_amount = sum(
        (
            _money(line.get("discounted_price", line.get("price")), "shipping")
            for line in shipping_lines
        ),
        Decimal(0),
    )
    shipping_rates = _rates(
        _list((shipping_lines[:1] or [{}])[0].get("tax_lines"), "tax_lines"), True
    )
    refunds = tuple(
        _rest_refund(_obj(refund, "A refund"), _text(order.get("currency")))
        for refund in _list(order.get("refunds"), "refunds")
    )
    return _order(
        external_id,
        order,
        currency=_text(order.get("currency")),
        addresses=(shipping, billing),
        customer=(customer, customer_id),
        lines=lines,
        shipping=(shipping_lines, shipping_amount, shipping_rates),
        refunds=refunds,
        prices_include_tax=bool(order.get("taxes_included")),
        total=_money(order.get("total_price"), "total_price"),
        financial=_text(order.get("financial_status")),
        dates=(
            order.get("created_at"),
            order.get("updated_at"),
            order.get("cancelled_at"),
        ),
    )


def _rest_refund(refund, currency):
    amount = sum(
        (
            _money(_obj(tx, "A transaction").get("amount"), "refund amount")
            for tx in _list(refund.get("transactions"), "transactions")
            if _obj(tx, "A transaction").get("kind") == "refund"
            and _obj(tx, "A transaction").get("status") in (None, "success")
        ),
        Decimal(0),
    )
    return ShopifyRefund(
        external_id=legacy_id(refund.get("id")),
        amount=str(amount),
        currency=currency,
        note=_text(refund.get("note")),
        created_at=_utc(refund.get("created_at")),
    )


def order_from_graphql(node):
    """Map a GraphQL ``Order`` node (see ``graphql.ORDER_FIELDS``)."""
    order = _obj(node, "The order")
    external_id = legacy_id(_text(order.get("legacyResourceId") or order.get("id")))
    if not external_id:
        raise DomainError("The Shopify order has no id.")
    email = _text(order.get("email")).lower()
    shipping = _address(order.get("shippingAddress"), True, email)
    billing = _address(order.get("billingAddress"), True, email)
    customer, customer_id = _customer(
        order.get("customer"), email, _text(order.get("phone")), billing, shipping, True
    )
    lines = []
    raw_lines = _obj(order.get("lineItems"), "lineItems").get("nodes")
    for index, raw in enumerate(_list(raw_lines, "lineItems")):
        raw = _obj(raw, "Line %s" % (index + 1))
        discount = sum(
            (
                _money(_obj(alloc, "A discount").get("allocatedAmountSet"), "discount")
                for alloc in _list(raw.get("discountAllocations"), "discounts")
            ),
            Decimal(0),
        )
        lines.append(
            {
                "sku": _text(raw.get("sku")),
                "quantity": str(_money(raw.get("quantity"), "quantity")),
                "unit_price": str(_money(raw.get("originalUnitPriceSet"), "price")),
                "discount_amount": str(discount),
                "tax_rates": _rates(_list(raw.get("taxLines"), "taxLines"), False),
                "name": _text(raw.get("name")),
                "external_line_id": legacy_id(raw.get("id")),
                "external_product_id": legacy_id(
                    _obj(raw.get("product"), "product").get("id")
                ),
                "external_variant_id": legacy_id(
                    _obj(raw.get("variant"), "variant").get("id")
                ),
            }
        )
    shipping_nodes = _obj(order.get("shippingLines"), "shippingLines").get("nodes")
    shipping_lines = [
        _obj(line, "A shipping line") for line in _list(shipping_nodes, "shippingLines")
    ]
    shipping_amount = sum(
        (_money(line.get("discountedPriceSet"), "shipping") for line in shipping_lines),
        Decimal(0),
    )
    shipping_rates = _rates(
        _list((shipping_lines[:1] or [{}])[0].get("taxLines"), "taxLines"), False
    )
    currency = _text(order.get("currencyCode"))
    refunds = tuple(
        ShopifyRefund(
            external_id=legacy_id(_obj(refund, "A refund").get("id")),
            amount=str(_money(refund.get("totalRefundedSet"), "refund amount")),
            currency=currency,
            note=_text(refund.get("note")),
            created_at=_utc(refund.get("createdAt")),
        )
        for refund in _list(order.get("refunds"), "refunds")
    )
    return _order(
        external_id,
        order,
        currency=currency,
        addresses=(shipping, billing),
        customer=(customer, customer_id),
        lines=lines,
        shipping=(shipping_lines, shipping_amount, shipping_rates),
        refunds=refunds,
        prices_include_tax=bool(order.get("taxesIncluded")),
        total=_money(order.get("totalPriceSet"), "totalPriceSet"),
        financial=_text(order.get("displayFinancialStatus")),
        dates=(
            order.get("createdAt"),
            order.get("updatedAt"),
            order.get("cancelledAt"),
        ),
    )


def _order(
    external_id, order, *, addresses, customer, shipping, financial, dates, **values
):
    """The :class:`ShopifyOrder` of either API shape, from its mapped parts."""
    shipping_address, billing_address = addresses
    customer, customer_id = customer
    shipping_lines, shipping_amount, shipping_rates = shipping
    created, updated, cancelled = dates
    financial = financial.lower()
    normalized = _normalized(
        external_id,
        currency=values["currency"],
        customer=customer,
        shipping_address=shipping_address,
        billing_address=billing_address,
        customer_external_id=customer_id,
        lines=values["lines"],
        shipping_amount=str(shipping_amount),
        shipping_tax_rates=shipping_rates,
        shipping_method=", ".join(_text(line.get("title")) for line in shipping_lines),
        prices_include_tax=values["prices_include_tax"],
        total=str(values["total"]),
        payment_status=FINANCIAL_STATUS.get(financial, "unknown"),
        order_date=_utc(created),
        note=_text(order.get("note")),
        channel_order_name=_text(order.get("name")),
    )
    return ShopifyOrder(
        external_id=external_id,
        name=_text(order.get("name")),
        normalized=normalized,
        updated_at=_utc(updated),
        cancelled_at=_utc(cancelled),
        financial_status=financial,
        customer_id=customer_id,
        refunds=values["refunds"],
    )
