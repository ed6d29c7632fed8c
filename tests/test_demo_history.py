from collections import Counter
from datetime import datetime, timedelta

from oms_domain.demo_history import (
    DemoChannel,
    DemoProduct,
    plan_history,
    seasonality,
)

START = datetime(2026, 1, 5)  # a Monday
CHANNELS = [
    DemoChannel("WEB", 0.5, "central"),
    DemoChannel("MKT", 0.3, "central"),
    DemoChannel("STORE", 0.2, "store", store=True),
]
PRODUCTS = [
    DemoProduct("TEE", 20.0, popularity=3),
    DemoProduct("MUG", 8.0, popularity=2, cover_days=10),
    DemoProduct("LAMP", 90.0, popularity=0.5, cover_days=30, lead_days=10),
]


def _plan(seed=7, days=182, per_day=20, **kw):
    return plan_history(START, days, per_day, CHANNELS, PRODUCTS, seed=seed, **kw)


def test_same_seed_same_history_other_seed_another():
    assert _plan() == _plan()
    assert _plan(seed=8).orders != _plan().orders


def test_orders_in_date_order_within_the_period_with_unique_refs():
    history = _plan()
    dates = [order.date for order in history.orders]
    assert dates == sorted(dates)
    assert START <= dates[0] and dates[-1] < START + timedelta(days=182)
    refs = [order.ref for order in history.orders]
    assert len(refs) == len(set(refs))
    assert all(o.shipped_at >= o.date for o in history.orders)


def test_weekly_season_saturday_busier_than_tuesday():
    assert seasonality(datetime(2026, 3, 7)) > seasonality(datetime(2026, 3, 3))
    per_weekday = Counter(order.date.weekday() for order in _plan().orders)
    assert per_weekday[5] > per_weekday[1] * 1.2


def test_yearly_season_december_busier_than_june():
    assert seasonality(datetime(2026, 12, 5)) > 1.4 * seasonality(datetime(2026, 6, 6))


def test_promotions_spike_demand_and_discount():
    history = _plan()
    assert history.promotions
    promo = [o for o in history.orders if o.promotion]
    assert promo
    promo_days = sum(p.days for p in history.promotions)
    normal_days = 182 - promo_days
    assert (
        len(promo) / promo_days > 1.3 * (len(history.orders) - len(promo)) / normal_days
    )
    prices = {line.unit_price for o in promo for line in o.lines if line.sku == "TEE"}
    assert max(prices) < 20.0


def test_returns_some_orders_after_shipping_never_store_sales():
    history = _plan()
    returned = [o for o in history.orders if o.returned]
    assert 0.03 < len(returned) / len(history.orders) < 0.2
    for order in returned:
        assert order.returned_at > order.shipped_at
        assert order.channel != "STORE"
        sold = {line.sku: line.quantity for line in order.lines}
        assert all(0 < r.quantity <= sold[r.sku] for r in order.returned)


def test_stock_runs_dry_and_no_sale_while_out_of_stock():
    history = _plan()
    assert history.stockouts and history.lost_lines
    point_of = {c.code: c.stock_point for c in CHANNELS}
    for out in history.stockouts:
        end = out.end or START + timedelta(days=182)
        assert out.start < end
        sold_meanwhile = [
            o
            for o in history.orders
            if out.start < o.date < end
            and point_of[o.channel] == out.stock_point
            and any(line.sku == out.sku for line in o.lines)
        ]
        assert not sold_meanwhile


def test_stock_never_negative():
    history = _plan()
    point_of = {c.code: c.stock_point for c in CHANNELS}
    events = [(r.date, 0, r.stock_point, r.sku, r.quantity) for r in history.receipts]
    events += [
        (o.date, 1, point_of[o.channel], line.sku, -line.quantity)
        for o in history.orders
        for line in o.lines
    ]
    stock = Counter()
    for _when, _kind, point, sku, qty in sorted(events):
        stock[(point, sku)] += qty
        assert stock[(point, sku)] >= 0


def test_average_orders_per_day_close_to_the_one_asked():
    history = _plan(per_day=30, days=120)
    assert 20 < len(history.orders) / 120 < 45
