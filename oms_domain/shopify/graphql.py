"""Every GraphQL document the connector sends, with their variables.

The tests validate each document against the official Admin API schema; the
estimated costs follow Shopify's calculation (an object costs 1, a connection
2 plus its page size times the cost of a node, a mutation 10) and only serve
to ask the limiter for enough points: the API's answer corrects them.
"""

API_VERSION = "2025-01"
# Shopify refuses queries above 1,000 points: 8 orders of 10 lines cost ~860.
MAX_QUERY_COST = 1000
ORDERS_PAGE_SIZE = 8
LINES_PER_ORDER = 10
# An order with more lines is read again alone, with up to this many.
LINES_PER_SINGLE_ORDER = 100
INVENTORY_BATCH = 250
MUTATION_COST = 10

SHOP_QUERY = """
query OmsShop {
  shop {
    name
    myshopifyDomain
    currencyCode
  }
}
"""

_MONEY = "shopMoney { amount currencyCode }"

_ORDER_FIELDS = """
  id
  legacyResourceId
  name
  createdAt
  updatedAt
  cancelledAt
  cancelReason
  currencyCode
  taxesIncluded
  displayFinancialStatus
  email
  phone
  note
  totalPriceSet { %(money)s }
  customer { id email firstName lastName phone }
  shippingAddress { ...OmsAddress }
  billingAddress { ...OmsAddress }
  lineItems(first: %(lines)s) {
    pageInfo { hasNextPage }
    nodes {
      id
      sku
      name
      quantity
      originalUnitPriceSet { %(money)s }
      discountAllocations { allocatedAmountSet { %(money)s } }
      taxLines { ratePercentage }
      product { id }
      variant { id }
    }
  }
  shippingLines(first: 2) {
    nodes {
      title
      discountedPriceSet { %(money)s }
      taxLines { ratePercentage }
    }
  }
  refunds(first: 5) {
    id
    createdAt
    note
    totalRefundedSet { %(money)s }
  }
"""


def _order_fields(lines):
    return _ORDER_FIELDS % {"money": _MONEY, "lines": lines}


ADDRESS_FRAGMENT = """
fragment OmsAddress on MailingAddress {
  name
  firstName
  lastName
  company
  address1
  address2
  city
  zip
  provinceCode
  countryCodeV2
  phone
}
"""

ORDERS_QUERY = (
    """
query OmsOrders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {%s}
  }
}
"""
    % _order_fields(LINES_PER_ORDER)
    + ADDRESS_FRAGMENT
)

ORDER_QUERY = (
    """
query OmsOrder($id: ID!) {
  order(id: $id) {%s}
}
"""
    % _order_fields(LINES_PER_SINGLE_ORDER)
    + ADDRESS_FRAGMENT
)

LOCATIONS_QUERY = """
query OmsLocations($first: Int!, $after: String) {
  locations(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id name isActive }
  }
}
"""

VARIANTS_QUERY = """
query OmsVariants($first: Int!, $after: String) {
  productVariants(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      sku
      title
      product { id title }
      inventoryItem { id }
    }
  }
}
"""

INVENTORY_SET_MUTATION = """
mutation OmsSetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}
"""

FULFILLMENT_ORDERS_QUERY = """
query OmsFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 5) {
      nodes {
        id
        status
        assignedLocation { location { id } }
        lineItems(first: 50) {
          nodes {
            id
            remainingQuantity
            lineItem { id sku variant { id } }
          }
        }
      }
    }
  }
}
"""

FULFILLMENT_CREATE_MUTATION = """
mutation OmsFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}
"""

REFUND_CREATE_MUTATION = """
mutation OmsRefundCreate($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}
"""

DOCUMENTS = {
    "shop": SHOP_QUERY,
    "orders": ORDERS_QUERY,
    "order": ORDER_QUERY,
    "locations": LOCATIONS_QUERY,
    "variants": VARIANTS_QUERY,
    "inventory_set": INVENTORY_SET_MUTATION,
    "fulfillment_orders": FULFILLMENT_ORDERS_QUERY,
    "fulfillment_create": FULFILLMENT_CREATE_MUTATION,
    "refund_create": REFUND_CREATE_MUTATION,
}


# Requested cost of each document with the variables the connector uses
# (checked in the tests against Shopify's calculation on the parsed documents).
ESTIMATED_COST = {
    "shop": 1,
    "orders": 946,
    "order": 928,
    "locations": 52,
    "variants": 302,
    "inventory_set": MUTATION_COST,
    "fulfillment_orders": 523,
    "fulfillment_create": MUTATION_COST,
    "refund_create": MUTATION_COST,
}


def orders_variables(search, after=None, first=ORDERS_PAGE_SIZE):
    return {"first": first, "after": after or None, "query": search}


def inventory_set_variables(quantities, reason="correction", reference=None):
    """Variables of one ``inventorySetQuantities`` call.

    :param quantities: [(inventory item gid, location gid, quantity)], at most
        :data:`INVENTORY_BATCH`
    """
    data = {
        "input": {
            "name": "available",
            "reason": reason,
            "ignoreCompareQuantity": True,
            "quantities": [
                {"inventoryItemId": item, "locationId": location, "quantity": qty}
                for item, location, qty in quantities
            ],
        }
    }
    if reference:
        data["input"]["referenceDocumentUri"] = reference
    return data


def fulfillment_variables(lines_by_order, tracking_number="", company="", url=""):
    """Variables of ``fulfillmentCreate``.

    :param lines_by_order: {fulfillment order gid: [(line item gid, qty)]}
    """
    tracking = {}
    if tracking_number:
        tracking["number"] = tracking_number
    if company:
        tracking["company"] = company
    if url and tracking_number:
        tracking["url"] = url
    fulfillment = {
        "notifyCustomer": True,
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": order_gid,
                "fulfillmentOrderLineItems": [
                    {"id": line, "quantity": qty} for line, qty in lines
                ],
            }
            for order_gid, lines in sorted(lines_by_order.items())
        ],
    }
    if tracking:
        fulfillment["trackingInfo"] = tracking
    return {"fulfillment": fulfillment}


def refund_variables(order_gid, lines, note="", amount=None, gateway="", currency=""):
    """Variables of ``refundCreate``: line items returned (no restock: our
    warehouse received them) and, when ``amount`` is given, the refund
    transaction to the original gateway."""
    data = {
        "orderId": order_gid,
        "notify": True,
        "refundLineItems": [
            {"lineItemId": line, "quantity": qty, "restockType": "NO_RESTOCK"}
            for line, qty in lines
        ],
    }
    if note:
        data["note"] = note
    if currency:
        data["currency"] = currency
    if amount is not None and gateway:
        data["transactions"] = [
            {
                "orderId": order_gid,
                "amount": str(amount),
                "gateway": gateway,
                "kind": "REFUND",
            }
        ]
    return {"input": data}
