"""WooCommerce REST v3: mapping of the official sample bodies, webhook
signatures and ping, pages and stock batches."""

import base64
import hashlib
import hmac
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from oms_domain import parse_order, polling, webhooks
from oms_domain.errors import DomainError
from oms_domain.woocommerce import (
    StockItem,
    is_ping,
    next_page,
    order_from_rest,
    orders_query,
    stock_batches,
    total_pages,
)
from oms_domain.woocommerce.api import completion_note, refund_body

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "woocommerce"
if not FIXTURES.is_dir():
    FIXTURES = Path("/work/shared/fixtures/woocommerce")


def fixture(name):
    return json.loads((FIXTURES / name).read_text())


def test_official_order_maps_to_a_valid_normalized_order():
    mapped = order_from_rest(fixture("order_v3.json"))
    data = mapped.normalized
    assert mapped.external_id == "727"
    assert mapped.name == "#727"
    assert mapped.updated_at == "2017-03-22T19:28:08Z"  # the _gmt time
    assert data["order_date"] == "2017-03-22T19:28:02Z"
    assert data["payment_status"] == "paid"  # processing
    assert data["customer"]["email"] == "john.doe@example.com"
    assert data["shipping_address"]["zip"] == "94103"
    assert data["prices_include_tax"] is False
    simple, variation = data["lines"]
    assert simple["external_variant_id"] == "93"  # simple: the product
    assert variation["external_variant_id"] == "23"  # variation id
    assert variation["external_product_id"] == "22"
    assert variation["name"] == "Ship Your Idea \u2013 Color: Black, Size: M Test"
    # 0.45 of tax on 6.00: 7.5 % (the sample predates rate_percent)
    assert simple["tax_rates"] == ["7.5"]
    assert simple["unit_price"] == "3.00"
    parsed = parse_order(data)
    assert not parsed.problems
    net = sum(line.quantity * line.unit_price for line in parsed.lines)
    tax = sum(
        line.quantity * line.unit_price * Decimal(line.tax_rates[0]) / 100
        for line in parsed.lines
    )
    assert net + tax + parsed.shipping_amount == parsed.total


def test_rate_percent_wins_and_discounts_come_from_coupons():
    order = fixture("order_v3.json")
    order["tax_lines"][0]["rate_percent"] = 7.25
    order["line_items"][0]["subtotal"] = "8.00"  # 2.00 of coupon on the line
    data = order_from_rest(order).normalized
    assert data["lines"][0]["tax_rates"] == ["7.25"]
    assert data["lines"][0]["unit_price"] == "4.00"
    assert data["lines"][0]["discount_amount"] == "2.00"


def test_list_sample_orders_and_their_refunds():
    orders = [order_from_rest(order) for order in fixture("orders_v3.json")]
    assert [order.external_id for order in orders] == ["727", "723"]
    refunds = orders[1].refunds
    assert [(r.external_id, r.amount) for r in refunds] == [
        ("726", "10.00"),
        ("724", "9.00"),
    ]
    assert all(not parse_order(o.normalized).problems for o in orders)


def test_cancelled_and_guest_orders():
    order = fixture("order_v3.json")
    order["status"] = "cancelled"
    mapped = order_from_rest(order)
    assert mapped.cancelled and mapped.cancelled_at == mapped.updated_at
    assert mapped.customer_id == ""  # customer_id 0: a guest
    order["customer_id"] = 12
    assert order_from_rest(order).customer_id == "12"


@pytest.mark.parametrize(
    "body",
    [
        [],
        "x",
        {"number": "1"},
        {"id": 1, "line_items": {"a": 1}},
        {"id": 1, "line_items": [{"quantity": "two"}]},
        {"id": 1, "line_items": [{"quantity": 1, "total": "NaN"}]},
        {"id": 1, "billing": "nowhere"},
    ],
)
def test_malformed_bodies_are_clear_domain_errors(body):
    with pytest.raises(DomainError):
        order_from_rest(body)


def test_fees_are_kept_in_the_note():
    order = fixture("order_v3.json")
    order["customer_note"] = "Leave at the door"
    order["fee_lines"] = [{"name": "Gift wrap", "total": "2.00"}]
    assert order_from_rest(order).normalized["note"] == (
        "Leave at the door\nFees: Gift wrap: 2.00"
    )


# Webhooks ---------------------------------------------------------------------


def test_webhook_signature_is_base64_hmac_sha256_of_the_body():
    body = json.dumps(fixture("order_v3.json")).encode()
    signature = base64.b64encode(
        hmac.new(b"wc-secret", body, hashlib.sha256).digest()
    ).decode()
    assert webhooks.verify_base64_hmac("wc-secret", body, signature)
    assert not webhooks.verify_base64_hmac("other", body, signature)
    assert not webhooks.verify_base64_hmac("wc-secret", body + b" ", signature)
    delivery = webhooks.Delivery(body, signature, "d-1", "order.created")
    assert webhooks.check_delivery(delivery, "wc-secret", None) == webhooks.OK
    wrong = webhooks.Delivery(body, "AAAA", "d-1", "order.created")
    assert webhooks.check_delivery(wrong, "wc-secret", None) == webhooks.BAD_SIGNATURE


def test_ping_is_recognised_only_unsigned():
    assert is_ping(b"webhook_id=15", "")
    assert not is_ping(b"webhook_id=15", "c2ln")  # signed: a real delivery
    assert not is_ping(b'{"id": 1}', "")
    assert not is_ping(b"webhook_id=15&x=1", "")


# Pages and stock --------------------------------------------------------------


def test_pages_follow_x_wp_totalpages():
    assert total_pages({"X-WP-TotalPages": "3"}) == 3
    assert total_pages({"x-wp-totalpages": " 2 "}) == 2
    assert total_pages({"X-WP-TotalPages": "many"}) == 0
    assert total_pages({}) == 0
    assert next_page("") == 1
    assert next_page("2") == 3
    with pytest.raises(DomainError):
        next_page("abc")
    query = orders_query("2026-01-05T10:00:00Z", 2)
    assert query["modified_after"] == "2026-01-05T10:00:00"
    assert query["dates_are_gmt"] == "true"
    assert (query["page"], query["per_page"]) == ("2", "100")


def test_polling_run_over_pages_moves_the_watermark_at_the_end():
    state = polling.start_run(
        polling.PollState(), datetime(2026, 1, 5, tzinfo=timezone.utc)
    )
    state = polling.page_done(state, "1", ["2026-01-04T10:00:00Z"], has_next=True)
    assert state.cursor == "1" and next_page(state.cursor) == 2
    state = polling.page_done(state, "2", ["2026-01-04T11:00:00Z"], has_next=False)
    assert state.watermark == "2026-01-04T11:00:00Z" and not state.running


def test_stock_batches_of_100_with_variations():
    items = [StockItem(str(1000 + n), "", n) for n in range(205)]
    items += [StockItem(str(5000 + n), "22", 3) for n in range(120)]
    items.append(StockItem("7", "7", -4))  # simple product bound by itself
    calls = stock_batches(items)
    paths = [path for path, _body in calls]
    assert paths == ["products/batch"] * 3 + ["products/22/variations/batch"] * 2
    assert [len(body["update"]) for _path, body in calls] == [100, 100, 6, 100, 20]
    assert all(len(body["update"]) <= 100 for _path, body in calls)
    last_simple = calls[2][1]["update"][-1]
    assert last_simple == {"id": 7, "manage_stock": True, "stock_quantity": 0}
    # the official batch body shape
    official = fixture("products_batch_v3.json")
    assert set(official) >= set(calls[0][1])


def test_completion_note_and_refund_body():
    assert completion_note("1Z999", "UPS", "https://t.example/1Z999") == (
        "Shipped with UPS - tracking number 1Z999. Track it: https://t.example/1Z999"
    )
    body = refund_body("12.5", "RET/0001", [("315", 2.0)])
    assert body == {
        "amount": "12.50",
        "reason": "RET/0001",
        "api_refund": False,
        "api_restock": False,
        "line_items": [{"id": 315, "quantity": 2}],
    }
