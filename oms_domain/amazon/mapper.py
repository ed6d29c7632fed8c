"""Amazon orders to the normalized order of :mod:`oms_domain.intake`.

Two shapes: Orders API ``2026-01-01`` (``searchOrders`` / ``getOrder`` with
the items, buyer, recipient and proceeds inline through ``includedData``) and
``v0`` (``getOrders`` order plus the ``getOrderItems`` items).

Prices are taken without tax: where Amazon collects the sales tax or VAT as
marketplace facilitator it is not ours to charge; the tax Amazon reported is
written in the order's note. v0 ``ItemPrice`` is the price of the whole
quantity; 2026-01-01 ``unitPrice`` that of one unit.
"""

from dataclasses import dataclass
from decimal import Decimal

from ..channel_order import ChannelOrder, amount, list_of, obj, text
from ..errors import DomainError
from ..polling import format_time, parse_time

PENDING_2026 = ("PENDING", "PENDING_AVAILABILITY")
CANCELLED_2026 = ("CANCELLED", "UNFULFILLABLE")
PENDING_V0 = ("Pending", "PendingAvailability")
CANCELLED_V0 = ("Canceled", "Cancelled", "Unfulfillable")


@dataclass(frozen=True)
class AmazonOrder(ChannelOrder):
    """A mapped order (see :class:`oms_domain.channel_order.ChannelOrder`);
    ``marketplace_id`` is where it was placed (shipment confirmations)."""

    marketplace_id: str = ""


def _money(value, label):
    """(amount, currency) of an SP-API Money object (either spelling)."""
    value = obj(value, label)
    figure = value.get("amount", value.get("Amount"))
    currency = text(value.get("currencyCode") or value.get("CurrencyCode")).upper()
    return amount(figure, label, strip=True), currency


def _utc(value):
    when = parse_time(text(value))
    return format_time(when) if when else ""


def _address(raw, email="", name=""):
    raw = obj(raw, "An address")
    if not any(text(value) for value in raw.values()):
        return None

    def get(*keys):
        for key in keys:
            if text(raw.get(key)):
                return text(raw.get(key))
        return ""

    street2 = ", ".join(
        part
        for part in (
            get("addressLine2", "AddressLine2"),
            get("addressLine3", "AddressLine3"),
        )
        if part
    )
    return {
        "name": get("name", "Name") or name,
        "email": (email or "").lower(),
        "phone": get("phone", "Phone"),
        "company_name": get("companyName", "CompanyName"),
        "street": get("addressLine1", "AddressLine1"),
        "street2": street2,
        "city": get("city", "City") or get("municipality", "Municipality"),
        "zip": get("postalCode", "PostalCode"),
        "state_code": get("stateOrRegion", "StateOrRegion"),
        "country_code": get("countryCode", "CountryCode").upper(),
    }


def _customer(shipping, name, email, company):
    customer = dict(shipping or {})
    if name:
        customer["name"] = name
    if email:
        customer["email"] = email.lower()
    if company:
        customer["company_name"] = company
    return customer or None


def _note(tax, currency, extra=()):
    parts = [part for part in extra if part]
    if tax:
        parts.append("Tax collected by Amazon: %s %s" % (tax, currency))
    return "\n".join(parts)


def _breakdowns(proceeds, label):
    """{type: sum} of a proceeds object's breakdowns."""
    sums = {}
    for entry in list_of(obj(proceeds, label).get("breakdowns"), label):
        entry = obj(entry, label)
        value, _currency = _money(entry.get("subtotal"), label)
        kind = text(entry.get("type")).upper()
        sums[kind] = sums.get(kind, Decimal(0)) + value
    return sums


def order_from_2026(payload):
    """Map an Orders API 2026-01-01 ``Order`` to an :class:`AmazonOrder`.

    :raise DomainError: not an order (no id, items not a list, bad amounts)
    """
    order = obj(payload, "The order")
    external_id = text(order.get("orderId"))
    if not external_id:
        raise DomainError("The Amazon order has no orderId.")
    currency = ""
    lines = []
    shipping = tax = Decimal(0)
    for index, raw in enumerate(list_of(order.get("orderItems"), "orderItems")):
        raw = obj(raw, "Item %s" % (index + 1))
        product = obj(raw.get("product"), "product")
        price = obj(product.get("price"), "price")
        unit, item_currency = _money(price.get("unitPrice"), "unitPrice")
        currency = currency or item_currency
        quantity = amount(raw.get("quantityOrdered"), "quantityOrdered")
        sums = _breakdowns(raw.get("proceeds"), "item proceeds")
        shipping += sums.get("SHIPPING", Decimal(0))
        tax += sums.get("TAX", Decimal(0))
        sku = text(product.get("sellerSku"))
        lines.append(
            {
                "sku": sku,
                "quantity": str(quantity),
                "unit_price": str(unit),
                "discount_amount": str(abs(sums.get("DISCOUNT", Decimal(0)))),
                "tax_rates": [],
                "name": text(product.get("title")),
                "external_line_id": text(raw.get("orderItemId")),
                "external_product_id": text(product.get("asin")),
                "external_variant_id": sku,
            }
        )
    proceeds = obj(order.get("proceeds"), "proceeds")
    if proceeds.get("grandTotal"):
        _total, total_currency = _money(proceeds["grandTotal"], "grandTotal")
        currency = currency or total_currency
    buyer = obj(order.get("buyer"), "buyer")
    recipient = obj(order.get("recipient"), "recipient")
    email = text(buyer.get("buyerEmail"))
    shipping_address = _address(
        recipient.get("deliveryAddress"), email, text(buyer.get("buyerName"))
    )
    fulfillment = obj(order.get("fulfillment"), "fulfillment")
    status = text(fulfillment.get("fulfillmentStatus")).upper()
    updated = _utc(order.get("lastUpdatedTime"))
    channel = obj(order.get("salesChannel"), "salesChannel")
    return _order(
        external_id,
        currency=currency,
        buyer=(
            text(buyer.get("buyerName")),
            email,
            text(buyer.get("buyerCompanyName")),
            text(buyer.get("buyerPurchaseOrderNumber")),
        ),
        shipping_address=shipping_address,
        lines=lines,
        shipping=(shipping, text(fulfillment.get("fulfillmentServiceLevel"))),
        tax=tax,
        status=(status, status in PENDING_2026, status in CANCELLED_2026),
        dates=(_utc(order.get("createdTime")), updated),
        name=external_id,
        marketplace_id=text(channel.get("marketplaceId")),
    )


def order_from_v0(payload, items):
    """Map a v0 ``Order`` and its ``getOrderItems`` items.

    :raise DomainError: not an order (no id, items not a list, bad amounts)
    """
    order = obj(payload, "The order")
    external_id = text(order.get("AmazonOrderId"))
    if not external_id:
        raise DomainError("The Amazon order has no AmazonOrderId.")
    currency = ""
    if order.get("OrderTotal"):
        _total, currency = _money(order["OrderTotal"], "OrderTotal")
    lines = []
    shipping = tax = Decimal(0)
    for index, raw in enumerate(list_of(items, "OrderItems")):
        raw = obj(raw, "Item %s" % (index + 1))
        quantity = amount(raw.get("QuantityOrdered"), "QuantityOrdered")
        price, item_currency = _money(raw.get("ItemPrice"), "ItemPrice")
        currency = currency or item_currency
        discount, _c = _money(raw.get("PromotionDiscount"), "PromotionDiscount")
        ship, _c = _money(raw.get("ShippingPrice"), "ShippingPrice")
        ship_discount, _c = _money(raw.get("ShippingDiscount"), "ShippingDiscount")
        item_tax, _c = _money(raw.get("ItemTax"), "ItemTax")
        ship_tax, _c = _money(raw.get("ShippingTax"), "ShippingTax")
        shipping += ship - ship_discount
        tax += item_tax + ship_tax
        sku = text(raw.get("SellerSKU"))
        lines.append(
            {
                "sku": sku,
                "quantity": str(quantity),
                # ItemPrice is for the whole quantity.
                "unit_price": str(price / quantity if quantity else price),
                "discount_amount": str(abs(discount)),
                "tax_rates": [],
                "name": text(raw.get("Title")),
                "external_line_id": text(raw.get("OrderItemId")),
                "external_product_id": text(raw.get("ASIN")),
                "external_variant_id": sku,
            }
        )
    buyer = obj(order.get("BuyerInfo"), "BuyerInfo")
    email = text(buyer.get("BuyerEmail"))
    shipping_address = _address(
        order.get("ShippingAddress"), email, text(buyer.get("BuyerName"))
    )
    status = text(order.get("OrderStatus"))
    updated = _utc(order.get("LastUpdateDate"))
    tax_info = obj(buyer.get("BuyerTaxInfo"), "BuyerTaxInfo")
    return _order(
        external_id,
        currency=currency,
        buyer=(
            text(buyer.get("BuyerName")),
            email,
            text(tax_info.get("CompanyLegalName")),
            text(buyer.get("PurchaseOrderNumber")),
        ),
        shipping_address=shipping_address,
        lines=lines,
        shipping=(shipping, text(order.get("ShipmentServiceLevelCategory"))),
        tax=tax,
        status=(status, status in PENDING_V0, status in CANCELLED_V0),
        dates=(_utc(order.get("PurchaseDate")), updated),
        name=text(order.get("SellerOrderId")) or external_id,
        marketplace_id=text(order.get("MarketplaceId")),
    )


def _order(
    external_id,
    *,
    currency,
    buyer,
    shipping_address,
    lines,
    shipping,
    tax,
    status,
    dates,
    name,
    marketplace_id,
):
    """The :class:`AmazonOrder` of either Orders API version, from its parts."""
    buyer_name, email, company, po_number = buyer
    shipping_amount, shipping_method = shipping
    status, pending, cancelled = status
    created, updated = dates
    normalized = {
        "external_id": external_id,
        "currency": currency,
        "customer": _customer(shipping_address, buyer_name, email, company),
        "shipping_address": shipping_address,
        "billing_address": None,
        "customer_external_id": "",
        "lines": lines,
        "shipping_amount": str(shipping_amount),
        "shipping_tax_rates": [],
        "shipping_method": shipping_method,
        "prices_include_tax": False,
        "payment_status": "pending" if pending else "paid",
        "order_date": created,
        "note": _note(tax, currency, ["PO %s" % po_number] if po_number else ()),
        "channel_order_name": name,
    }
    return AmazonOrder(
        external_id=external_id,
        name=external_id,
        normalized=normalized,
        updated_at=updated,
        cancelled_at=updated if cancelled else "",
        financial_status=status.lower(),
        marketplace_id=marketplace_id,
    )
