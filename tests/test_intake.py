import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain import DomainError, parse_order, totals_match

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
    "data, message",
    [
        ("not a dict", "JSON object"),
        ({"lines": []}, "no external id"),
        ({"external_id": "1", "lines": "x"}, "must be a list"),
        ({"external_id": "1", "lines": [3]}, "Line 1"),
        ({"external_id": "1", "customer": "x"}, "address"),
        ({"external_id": "1", "total": "abc"}, "not a number"),
    ],
)
def test_unusable_orders_raise_a_readable_error(data, message):
    with pytest.raises(DomainError, match=message):
        parse_order(data)


def test_recoverable_gaps_are_problems_not_errors():
    parsed = parse_order(order(currency="", customer={"name": "X"}, lines=[]))
    assert codes(parsed) == ["unknown_currency", "no_lines", "missing_address"]


def test_shipping_address_beats_customer_address():
    parsed = parse_order(order(customer={"name": "X"}, shipping_address=ADDRESS))
    assert "missing_address" not in codes(parsed)


def test_bad_lines_are_reported_and_skipped():
    parsed = parse_order(
        order(lines=[{"sku": "", "quantity": 1}, {"sku": "B", "quantity": 0}])
    )
    assert codes(parsed).count("bad_line") == 2
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
