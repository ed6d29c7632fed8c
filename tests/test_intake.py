import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain import IntakeCode, order_key, parse_order, totals_match

ADDRESS = {
    "name": "Grace",
    "street": "1 Main St",
    "city": "Springfield",
    "country_code": "us",
    "email": "Grace@Example.com",
}


def order(**overrides):
    data = {
        "external_id": " 1001 ",
        "currency": "eur",
        "customer": ADDRESS,
        "lines": [{"sku": "A", "quantity": "2", "unit_price": "9.99"}],
    }
    data.update(overrides)
    return data


def codes(parsed):
    return [problem.code for problem in parsed.problems]


def test_clean_order_has_no_problem():
    parsed = parse_order(order())
    assert parsed.problems == ()
    assert parsed.external_id == "1001"
    assert parsed.currency == "EUR"
    assert parsed.customer.country_code == "US"
    assert parsed.customer.email == "grace@example.com"
    assert parsed.lines[0].quantity == Decimal("2")


@pytest.mark.parametrize(
    "data, code, params",
    [
        ("not a dict", IntakeCode.NOT_AN_OBJECT, {"type": "string"}),
        ([1, 2], IntakeCode.NOT_AN_OBJECT, {"type": "array"}),
        ({"lines": []}, IntakeCode.NO_EXTERNAL_ID, {}),
        (
            {"external_id": "1", "lines": "x"},
            IntakeCode.NOT_A_LIST,
            {"field": "lines", "type": "string"},
        ),
        (
            {"external_id": "1", "lines": [3]},
            IntakeCode.LINE_NOT_AN_OBJECT,
            {"line": 1, "type": "number"},
        ),
        (
            {"external_id": "1", "customer": "x"},
            IntakeCode.ADDRESS_NOT_AN_OBJECT,
            {"field": "customer", "type": "string"},
        ),
        (
            {"external_id": "1", "total": "abc"},
            IntakeCode.NOT_A_NUMBER,
            {"field": "total", "value": "'abc'"},
        ),
        (
            {"external_id": "1", "total": "NaN"},
            IntakeCode.NOT_FINITE,
            {"field": "total", "value": "'NaN'"},
        ),
        (
            {"external_id": "1", "shipping_amount": float("-inf")},
            IntakeCode.NOT_FINITE,
            {"field": "shipping_amount", "value": "-inf"},
        ),
        (
            {"external_id": "1", "total": 1e400},
            IntakeCode.NOT_FINITE,
            {"field": "total", "value": "inf"},
        ),
        (
            {"external_id": "1", "total": "1e400"},
            IntakeCode.OUT_OF_RANGE,
            {"field": "total", "value": "'1e400'", "limit": "1000000000000"},
        ),
        (
            {"external_id": "1", "currency": {"code": "EUR"}},
            IntakeCode.NOT_TEXT,
            {"field": "currency", "type": "object"},
        ),
        (
            {"external_id": "1", "customer": {"city": ["x"]}},
            IntakeCode.NOT_TEXT,
            {"field": "customer.city", "type": "array"},
        ),
        (
            {"external_id": "1", "prices_include_tax": "maybe"},
            IntakeCode.NOT_A_FLAG,
            {"field": "prices_include_tax", "value": "'maybe'"},
        ),
        (
            {"external_id": "1", "lines": [{"sku": "A", "quantity": True}]},
            IntakeCode.NOT_A_NUMBER,
            {"field": "quantity", "line": 1, "value": "True"},
        ),
        (
            {
                "external_id": "1",
                "lines": [{"sku": "A", "quantity": 1, "tax_rates": 5}],
            },
            IntakeCode.NOT_A_LIST,
            {"field": "tax_rates", "line": 1, "type": "number"},
        ),
    ],
)
def test_unusable_data_is_a_problem_with_a_code(data, code, params):
    problems = parse_order(data).problems
    assert any(p.code == code and p.params == params for p in problems), problems


def test_recoverable_gaps_are_problems_not_errors():
    parsed = parse_order(order(currency="", customer={"name": "X"}, lines=[]))
    assert codes(parsed) == ["no_currency", "no_lines", "missing_address"]


def test_long_texts_are_cut_and_flagged():
    parsed = parse_order(
        order(note="n" * 30000, customer=dict(ADDRESS, city="c" * 5000))
    )
    assert len(parsed.note) == 20000
    assert len(parsed.customer.city) == 1000
    assert {(p.params["field"], p.params["length"]) for p in parsed.problems} == {
        ("note", 30000),
        ("customer.city", 5000),
    }
    assert set(codes(parsed)) == {"text_too_long"}


def test_long_external_id_is_hashed():
    parsed = parse_order(order(external_id="x" * 300))
    assert parsed.external_id == order_key({"external_id": "x" * 300}, b"")
    assert parsed.external_id.startswith("sha256:")
    assert codes(parsed) == ["external_id_too_long"]


def test_storable_text_only():
    parsed = parse_order(
        order(customer=dict(ADDRESS, name="Nu\x00ll \ud800"), note="ok\x00")
    )
    assert "\x00" not in parsed.customer.name + parsed.note
    parsed.customer.name.encode("utf-8")


def test_numbers_and_numeric_texts():
    parsed = parse_order(
        order(
            external_id=1001,
            lines=[{"sku": 42, "quantity": 2.5, "unit_price": Decimal("1.10")}],
            prices_include_tax="true",
            total=" 12.5 ",
        )
    )
    assert parsed.problems == ()
    assert parsed.external_id == "1001"
    assert parsed.lines[0].sku == "42"
    assert parsed.lines[0].quantity == Decimal("2.5")
    assert parsed.prices_include_tax is True
    assert parsed.total == Decimal("12.5")


def test_lines_identified_by_external_ids_only():
    parsed = parse_order(
        order(
            lines=[
                {"external_variant_id": 7001, "quantity": 1},
                {"external_product_id": "P-9", "sku": "", "quantity": 1},
            ]
        )
    )
    assert parsed.problems == ()
    assert [line.external_variant_id for line in parsed.lines] == ["7001", ""]
    assert [line.external_product_id for line in parsed.lines] == ["", "P-9"]
    assert [line.sku for line in parsed.lines] == ["", ""]


def test_order_key():
    assert order_key({"external_id": " A-1 "}, b"x") == "A-1"
    assert order_key({"external_id": 7}, b"x") == "7"
    by_payload = order_key({"external_id": ["x"]}, b"payload")
    assert by_payload == order_key("not a dict", b"payload")
    assert by_payload != order_key({}, b"other payload")
    assert order_key({"external_id": "y" * 256}, b"").startswith("sha256:")


def test_customer_external_id_is_read_once_and_never_a_problem():
    assert parse_order(order()).customer_external_id == ""
    assert parse_order(order(customer_external_id=" 42 ")).customer_external_id == "42"
    assert parse_order(order(customer_external_id=42)).customer_external_id == "42"
    parsed = parse_order(order(customer_external_id={"id": 42}))
    assert parsed.customer_external_id == ""
    assert parsed.problems == ()


def test_shipping_address_beats_customer_address():
    parsed = parse_order(order(customer={"name": "X"}, shipping_address=ADDRESS))
    assert "missing_address" not in codes(parsed)


def test_bad_lines_are_reported_and_skipped():
    parsed = parse_order(
        order(lines=[{"sku": "", "quantity": 1}, {"sku": "B", "quantity": 0}])
    )
    assert codes(parsed).count("bad_line") == 2
    assert [p.params for p in parsed.problems[:2]] == [{"line": 1}, {"line": 2}]
    assert "no_lines" in codes(parsed)


def test_unknown_payment_status_is_unknown():
    assert parse_order(order(payment_status="weird")).payment_status == "unknown"


def test_discount_percent():
    parsed = parse_order(
        order(
            lines=[{"sku": "A", "quantity": 3, "unit_price": 10, "discount_amount": 3}]
        )
    )
    assert parsed.lines[0].discount_percent == Decimal(10)


def test_to_dict_is_json():
    parsed = parse_order(order(total="19.98", shipping_tax_rates=[20]))
    again = json.loads(json.dumps(parsed.to_dict()))
    assert again["total"] == "19.98"
    assert again["lines"][0]["unit_price"] == "9.99"


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=50),
            st.decimals(min_value=0, max_value=1000, places=2),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_per_line_rounding_is_always_tolerated(lines):
    exact = sum(qty * price for qty, price in lines)
    rounded = sum((qty * price).quantize(Decimal("0.01")) for qty, price in lines)
    assert totals_match(exact, rounded, 0.01, len(lines))


def test_real_differences_are_not_tolerated():
    assert not totals_match("100.00", "100.05", 0.01, 3)
    assert totals_match("100.00", "100.03", 0.01, 3)
