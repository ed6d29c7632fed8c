"""Every document the connector sends, against the official Admin schema."""

import pytest
from graphql import (
    OperationDefinitionNode,
    parse,
    validate,
)
from graphql.execution.values import get_variable_values

from oms_domain.shopify import graphql as documents
from oms_domain.shopify.stock import (
    build_quantities,
    quantities_per_call,
    split_quantity,
)
from oms_sandbox import graphql_exec

SCHEMA = graphql_exec.load_schema()

VARIABLES = {
    "shop": {},
    "orders": documents.orders_variables("updated_at:>='2026-01-01T00:00:00Z'"),
    "order": {"id": "gid://shopify/Order/1"},
    "locations": {"first": 50},
    "variants": {"first": 100, "after": "5"},
    "inventory_set": documents.inventory_set_variables(
        [("gid://shopify/InventoryItem/1", "gid://shopify/Location/1", 4)],
        reference="gid://oms/Channel/1",
    ),
    "fulfillment_orders": {"id": "gid://shopify/Order/1"},
    "fulfillment_create": documents.fulfillment_variables(
        {
            "gid://shopify/FulfillmentOrder/1": [
                ("gid://shopify/FulfillmentOrderLineItem/2", 1)
            ]
        },
        tracking_number="1Z999",
        company="UPS",
        url="https://track.example.com/1Z999",
    ),
    "refund_create": documents.refund_variables(
        "gid://shopify/Order/1",
        [("gid://shopify/LineItem/2", 1)],
        note="RMA/0001",
        amount="10.00",
        gateway="bogus",
        currency="USD",
    ),
}


def operation(document):
    ast = parse(document)
    return ast, next(
        d for d in ast.definitions if isinstance(d, OperationDefinitionNode)
    )


@pytest.mark.parametrize("name", sorted(documents.DOCUMENTS))
def test_document_and_its_variables_are_valid_for_the_admin_schema(name):
    ast, op = operation(documents.DOCUMENTS[name])
    assert validate(SCHEMA, ast) == []
    coerced = get_variable_values(
        SCHEMA, op.variable_definitions or [], VARIABLES[name]
    )
    # A list holds the errors (graphql-core 3.2 and 3.3 alike).
    assert not isinstance(coerced, list), coerced


@pytest.mark.parametrize("name", sorted(documents.DOCUMENTS))
def test_estimated_costs_match_shopify_calculation_and_limit(name):
    ast, op = operation(documents.DOCUMENTS[name])
    if op.operation.value == "mutation":
        expected = graphql_exec.MUTATION_COST
    else:
        expected = graphql_exec.cost(
            op.selection_set, graphql_exec._fragments(ast), VARIABLES[name]
        )
    assert documents.ESTIMATED_COST[name] == expected
    assert expected <= documents.MAX_QUERY_COST


def test_a_broken_document_is_caught_by_the_schema():
    ast = parse("query { orders(first: 1) { nodes { id nonsense } } }")
    assert validate(SCHEMA, ast)


def test_inventory_quantities_spread_and_batches():
    assert split_quantity(10, [("a", 3), ("b", 4)]) == {"a": 6, "b": 4}
    assert split_quantity(2, [("a", 3), ("b", 4)]) == {"a": 2, "b": 0}
    assert split_quantity(-5, [("a", 1)]) == {"a": 0}
    assert split_quantity(5, []) == {}
    assert quantities_per_call(1) == 250
    assert quantities_per_call(3) == 83
    locations = [("L1", "w1"), ("L2", "w2")]
    triples = build_quantities(
        [(1, 5), (2, 1), (3, 9)], {1: "I1", 2: "I2"}, locations, {(1, "w2"): 2}
    )
    assert triples == [
        ("I1", "L1", 3),
        ("I1", "L2", 2),
        ("I2", "L1", 1),
        ("I2", "L2", 0),
    ]
    assert build_quantities([(1, 5)], {1: "I1"}, [("L1", "w1")]) == [("I1", "L1", 5)]
