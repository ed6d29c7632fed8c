"""Property tests: whatever a channel sends, intake parsing never raises."""

import json
import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from oms_domain import IntakeProblem, json_text, order_key, parse_order, raw_payload
from oms_domain.intake import MAX_AMOUNT, MAX_EXTERNAL_ID, MAX_NOTE, MAX_TEXT
from oms_domain.strategies import ANY_ORDER, JSON, RAW_PAYLOADS, orders_like

BASE = {
    "external_id": "P-1",
    "currency": "EUR",
    "customer": {"name": "A", "street": "S", "city": "C", "country_code": "DE"},
    "lines": [{"sku": "A", "quantity": 1, "unit_price": "9.99", "tax_rates": [19]}],
    "shipping_amount": 5,
    "total": "14.99",
}


def storable(text):
    assert isinstance(text, str)
    assert "\x00" not in text
    text.encode("utf-8")
    return True


def check_number(number):
    assert isinstance(number, Decimal)
    assert number.is_finite() and abs(number) < MAX_AMOUNT


@settings(max_examples=500)
@given(st.one_of(ANY_ORDER, orders_like(BASE)))
def test_parse_order_never_raises_and_keeps_everything_storable(data):
    parsed = parse_order(data)
    for problem in parsed.problems:
        assert isinstance(problem, IntakeProblem)
        assert isinstance(problem.code, str) and problem.code
        for value in problem.params.values():
            assert isinstance(value, str | int)
            if isinstance(value, str):
                assert storable(value) and len(value) <= 100
        json.dumps(problem.to_dict())
    assert storable(parsed.external_id) and len(parsed.external_id) <= MAX_EXTERNAL_ID
    for address in (parsed.customer, parsed.shipping_address, parsed.billing_address):
        for value in (address.__dict__ if address else {}).values():
            assert storable(value) and len(value) <= MAX_TEXT
    assert storable(parsed.note) and len(parsed.note) <= MAX_NOTE
    for line in parsed.lines:
        assert line.sku or line.external_variant_id or line.external_product_id
        assert line.quantity > 0
        for number in (line.quantity, line.unit_price, line.discount_amount):
            check_number(number)
        for rate in line.tax_rates:
            check_number(rate)
        assert storable(line.sku + line.name + line.external_variant_id)
        # What the Odoo adapter derives from a line must be a finite float.
        assert math.isfinite(float(line.discount_percent))
    check_number(parsed.shipping_amount)
    if parsed.total is not None:
        check_number(parsed.total)
    json.dumps(parsed.to_dict())
    if not isinstance(data, dict):
        assert "not_an_object" in [p.code for p in parsed.problems]


@settings(max_examples=300)
@given(RAW_PAYLOADS)
def test_raw_payload_keeps_the_exact_bytes(value):
    raw = raw_payload(value)
    assert storable(raw.text)
    if raw.exact:
        assert raw.text.encode("utf-8") == raw.data
    if isinstance(value, bytes):
        assert raw.data == value
    elif isinstance(value, str):
        assert raw.data.decode("utf-8", errors="surrogatepass") == value
    else:
        assert raw.data == json_text(value).encode("utf-8")


@given(JSON)
def test_json_text_reads_back(value):
    text = json_text(value)
    assert storable(text)
    again = json.loads(text)
    if isinstance(value, dict | list) and "NaN" not in text:
        assert json.loads(json.dumps(again)) == again


@given(ANY_ORDER, st.binary(max_size=32))
def test_order_key_is_short_and_stable(data, raw):
    key = order_key(data, raw)
    assert storable(key) and 0 < len(key) <= MAX_EXTERNAL_ID
    assert key == order_key(data, raw)


def test_json_text_of_values_json_refuses():
    assert json.loads(json_text({1: "a", "b": 2})) == {"1": "a", "b": 2}
    assert json_text({(1, 2): "tuple key"}) == "{(1, 2): 'tuple key'}"
    deep = []
    for _level in range(100_000):
        deep = [deep]
    assert json_text(deep) == "<list>"
    assert json.loads(json_text({"d": Decimal("1.10"), "b": b"\xff"})) == {
        "b": "b'\\xff'",
        "d": "1.10",
    }
    assert json.loads(json_text("\ud800")) == "\ud800"


def test_raw_payload_of_invalid_utf8_is_kept_as_bytes():
    raw = raw_payload(b"caf\xe9 \x00!")
    assert raw.data == b"caf\xe9 \x00!"
    assert not raw.exact
    assert raw.text == "caf\ufffd \ufffd!"
    assert raw_payload("plain").exact
    assert raw_payload(b"caf\xc3\xa9").text == "café"
