"""Hypothesis strategies of what a channel may send, for property tests.

Used by the framework-free tests of :mod:`oms_domain.intake` and by the Odoo tests
of the intake service; connectors can fuzz their mappers with them. Importing this
module needs ``hypothesis`` (a test requirement, not a runtime one).
"""

from hypothesis import strategies as st

# Numbers a JSON parser or a careless mapper can produce, non-finite included.
NUMBERS = st.one_of(
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e400, -1e400, 10**30, -(10**30), 0, -1, 0.1, 1e-300]),
)
NUMERIC_TEXTS = st.sampled_from(
    ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e400", "-0", "1e-400", "sNaN"]
    + ["", " ", "1,5", "12abc", "0x10", "1_000", "  3.50 "]
)
TEXTS = st.one_of(
    st.text(max_size=40),
    # NUL and other controls, lone surrogates: PostgreSQL stores neither as text.
    st.text(alphabet=st.characters(categories=("Cc", "Cs", "Lo")), max_size=20),
    NUMERIC_TEXTS,
    # Huge strings: well beyond any field limit or database index.
    st.integers(min_value=2_000, max_value=300_000).map(lambda size: "Z" * size),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS)

JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=12,
)


def _maybe(strategy):
    """The usual shape of a value or any JSON value in its place."""
    return st.one_of(strategy, JSON)


_ADDRESS = st.fixed_dictionaries(
    {},
    optional={
        key: _maybe(st.text(max_size=20))
        for key in ("name", "email", "phone", "street", "city", "zip")
    }
    | {"country_code": _maybe(st.sampled_from(["US", "de", "IL", "CN", "XX", ""]))},
)
_LINE_FIELDS = {
    "sku": _maybe(st.sampled_from(["OMS-T-WIDGET", "OMS-T-GADGET", "NOPE", ""])),
    "external_variant_id": _maybe(st.text(max_size=8)),
    "quantity": _maybe(st.one_of(NUMBERS, NUMERIC_TEXTS)),
    "unit_price": _maybe(st.one_of(NUMBERS, NUMERIC_TEXTS)),
    "discount_amount": _maybe(NUMBERS),
    "tax_rates": _maybe(st.lists(st.one_of(NUMBERS, NUMERIC_TEXTS), max_size=2)),
    "name": _maybe(st.text(max_size=20)),
}
_LINE = st.fixed_dictionaries({}, optional=_LINE_FIELDS)
_ORDER_FIELDS = {
    "external_id": _maybe(st.text(min_size=1, max_size=20)),
    "currency": _maybe(st.sampled_from(["USD", "EUR", "usd", "XTS", ""])),
    "customer": _maybe(_ADDRESS),
    "shipping_address": _maybe(_ADDRESS),
    "lines": _maybe(st.lists(_maybe(_LINE), max_size=4)),
    "shipping_amount": _maybe(st.one_of(NUMBERS, NUMERIC_TEXTS)),
    "shipping_tax_rates": _maybe(st.lists(NUMBERS, max_size=2)),
    "prices_include_tax": JSON,
    "total": _maybe(st.one_of(NUMBERS, NUMERIC_TEXTS)),
    "payment_status": _maybe(st.sampled_from(["paid", "pending", "weird"])),
    "order_date": _maybe(st.sampled_from(["2026-01-31T10:00:00Z", "31/01/2026"])),
    "note": JSON,
}
#: Dicts shaped like a normalized order whose every value may be junk.
ORDERS = st.fixed_dictionaries({}, optional=_ORDER_FIELDS)

#: What a caller may hand to the intake service as the normalized order.
ANY_ORDER = st.one_of(ORDERS, JSON)

_ORDER_KEYS = sorted(_ORDER_FIELDS) + ["billing_address"]
_LINE_KEYS = sorted(_LINE_FIELDS) + ["external_product_id"]
_JUNK = st.one_of(JSON, NUMBERS, NUMERIC_TEXTS)


def orders_like(base):
    """Copies of the valid order ``base`` with a few values replaced by junk.

    Unlike :data:`ANY_ORDER`, most of these get far enough to build a sale
    order, so the junk reaches the resolution and the order's creation.
    """

    def mutate(replacements, line_replacements):
        order = dict(base, **replacements)
        lines = order.get("lines")
        if isinstance(lines, list) and lines and line_replacements:
            lines = [dict(line) if isinstance(line, dict) else line for line in lines]
            for index, change in line_replacements:
                line = lines[index % len(lines)]
                if isinstance(line, dict):
                    line.update(change)
            order["lines"] = lines
        return order

    return st.builds(
        mutate,
        st.dictionaries(st.sampled_from(_ORDER_KEYS), _JUNK, max_size=2),
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=9),
                st.dictionaries(st.sampled_from(_LINE_KEYS), _JUNK, max_size=2),
            ),
            max_size=2,
        ),
    )


#: Raw payloads: text, arbitrary (often invalid UTF-8) bytes, JSON values, none.
RAW_PAYLOADS = st.one_of(
    st.none(),
    st.binary(max_size=64),
    st.text(max_size=64),
    JSON,
)
