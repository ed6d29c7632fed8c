"""A small GraphQL executor for the sandbox: resolvers return plain dicts, the
executor keeps what the document selected and prices the query like Shopify."""

import gzip
import json
import threading
from pathlib import Path

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    build_client_schema,
    parse,
    validate,
)
from graphql.utilities import value_from_ast_untyped

SCHEMA_PATH = Path("/work/shared/fixtures/shopify/admin_graphql_schema_2025-01.json.gz")
MUTATION_COST = 10
MAX_COST = 1000
_schema = None
_schema_lock = threading.Lock()


def schema_path():
    """The official Admin schema: $OMS_SHOPIFY_SCHEMA, else the shared fixtures
    beside the repository."""
    import os  # noqa: PLC0415

    env = os.environ.get("OMS_SHOPIFY_SCHEMA")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    for base in (here.parent / "shared", here.parent.parent / "shared"):
        candidate = base / "fixtures" / "shopify" / SCHEMA_PATH.name
        if candidate.is_file():
            return candidate
    return SCHEMA_PATH


def load_schema():
    """The Admin schema (built once per process), or None when absent."""
    global _schema  # noqa: PLW0603
    with _schema_lock:
        if _schema is None:
            path = schema_path()
            if not path.is_file():
                return None
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                data = json.load(handle)
            # The official schema is trusted as it is: newer graphql-core
            # releases reject some of its deprecation flags.
            _schema = build_client_schema(data.get("data", data), assume_valid=True)
        return _schema


class GraphQLError(Exception):
    pass


def prepare(document, schema=None):
    """Parse (and validate when a schema is given) a document.

    :raise GraphQLError: with the messages, as an API would answer them
    """
    try:
        ast = parse(document)
    except Exception as exc:
        raise GraphQLError([str(exc)]) from exc
    if schema is not None:
        errors = validate(schema, ast)
        if errors:
            raise GraphQLError([error.message for error in errors])
    return ast


def _operation(ast, name=None):
    operations = [d for d in ast.definitions if isinstance(d, OperationDefinitionNode)]
    for op in operations:
        if name is None or (op.name and op.name.value == name):
            return op
    raise GraphQLError(["Unknown operation %s" % name])


def _fragments(ast):
    return {
        d.name.value: d
        for d in ast.definitions
        if d.__class__.__name__ == "FragmentDefinitionNode"
    }


def arguments(field, variables):
    return {
        arg.name.value: value_from_ast_untyped(arg.value, variables)
        for arg in field.arguments or ()
    }


def _fields(selection_set, fragments):
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, FragmentSpreadNode):
            yield from _fields(fragments[selection.name.value].selection_set, fragments)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments)


def cost(selection_set, fragments, variables):
    """Shopify's requested cost: objects 1, connections 2 + size x node cost."""
    total = 0
    for field in _fields(selection_set, fragments):
        if not field.selection_set:
            continue
        args = arguments(field, variables)
        size = args.get("first") or args.get("last")
        inner = cost(field.selection_set, fragments, variables)
        if size:
            total += 2 + int(size) * max(1, inner)
        elif field.name.value in ("nodes", "edges", "node"):
            total += inner
        else:
            total += 1 + inner
    return total


def project(value, selection_set, fragments, typename=None):
    """Keep of ``value`` what the selection set asks for (aliases included)."""
    if value is None or not selection_set:
        return value
    if isinstance(value, list):
        return [project(item, selection_set, fragments) for item in value]
    result = {}
    for field in _fields(selection_set, fragments):
        key = field.alias.value if field.alias else field.name.value
        if field.name.value == "__typename":
            result[key] = value.get("__typename", typename or "")
            continue
        result[key] = project(
            value.get(field.name.value), field.selection_set, fragments
        )
    return result


def execute(document, variables, resolvers, schema=None, operation_name=None):
    """Run a document: ``resolvers[root field name](args)`` gives the full value.

    :return: (data dict, requested cost)
    """
    ast = prepare(document, schema)
    op = _operation(ast, operation_name)
    fragments = _fragments(ast)
    variables = variables or {}
    is_mutation = op.operation.value == "mutation"
    requested = (
        MUTATION_COST
        if is_mutation
        else max(1, cost(op.selection_set, fragments, variables))
    )
    return op, fragments, variables, requested


def resolve(op, fragments, variables, resolvers):
    data = {}
    for field in _fields(op.selection_set, fragments):
        resolver = resolvers.get(field.name.value)
        if resolver is None:
            raise GraphQLError(
                ["Field %s is not served by the sandbox" % field.name.value]
            )
        value = resolver(arguments(field, variables))
        key = field.alias.value if field.alias else field.name.value
        data[key] = project(value, field.selection_set, fragments)
    return data
