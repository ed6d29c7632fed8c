"""A plausible order history for the demo database (issue 14): what sells when.

Plain and deterministic for a seed: the Odoo side (``oms.demo.history``) takes the
plan and replays it through the intake, allocation, deliveries and returns.
Demand follows a weekly and a yearly season and promotion spikes; stock runs
through a simulation per (stock point, product) with receipts in batches, so
that a product ordered while its stock point is empty loses the sale and shows a
stock-out period until the next receipt; some orders come back.
"""

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

# Relative demand per weekday, Monday first.
WEEKLY = (0.85, 0.8, 0.85, 0.95, 1.15, 1.35, 1.05)
# Relative orders per hour of the day (UTC).
HOURLY = (1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 9, 9, 8, 8, 8, 9, 10, 10, 8, 6, 3, 2)
# Day of the year when demand peaks (early December) and how much it swings.
YEARLY_PEAK = 340
YEARLY_AMPLITUDE = 0.3


@dataclass(frozen=True)
class DemoProduct:
    """A product of the demo catalogue.

    :param popularity: relative chance to be on an order line
    :param cover_days: days of average demand a receipt brings
    :param lead_days: days from reorder to receipt; the reorder point covers
        them and two days more
    """

    sku: str
    price: float
    popularity: float = 1.0
    cover_days: int = 14
    lead_days: int = 4


@dataclass(frozen=True)
class DemoChannel:
    """A channel: its share of the orders and the stock point it sells from."""

    code: str
    share: float
    stock_point: str
    store: bool = False


@dataclass(frozen=True)
class Promotion:
    start: datetime
    days: int
    uplift: float
    discount: float

    def covers(self, when):
        return self.start <= when < self.start + timedelta(days=self.days)


@dataclass(frozen=True)
class PlannedLine:
    sku: str
    quantity: int
    unit_price: float


@dataclass(frozen=True)
class PlannedOrder:
    ref: str
    channel: str
    date: datetime
    lines: tuple
    promotion: bool
    shipped_at: datetime
    returned: tuple = ()  # PlannedLine of the units coming back
    returned_at: datetime = None


@dataclass(frozen=True)
class Receipt:
    date: datetime
    stock_point: str
    sku: str
    quantity: int


@dataclass(frozen=True)
class StockOut:
    stock_point: str
    sku: str
    start: datetime
    end: datetime = None  # None: still out of stock at the end of the history


@dataclass(frozen=True)
class History:
    orders: tuple
    receipts: tuple
    stockouts: tuple
    promotions: tuple
    lost_lines: int


def seasonality(when):
    """Relative demand of a day: weekly times yearly season."""
    yearly = 1 + YEARLY_AMPLITUDE * math.cos(
        2 * math.pi * (when.timetuple().tm_yday - YEARLY_PEAK) / 365.25
    )
    return WEEKLY[when.weekday()] * yearly


def plan_promotions(start, days, rng, every_days=30):
    """About one promotion a month: 3 to 6 days, demand ×1.6 to ×2.5."""
    promotions = []
    day = rng.randint(5, every_days)
    while day < days:
        promotions.append(
            Promotion(
                start=start + timedelta(days=day),
                days=rng.randint(3, 6),
                uplift=round(rng.uniform(1.6, 2.5), 2),
                discount=rng.choice((10.0, 15.0, 20.0, 25.0)),
            )
        )
        day += rng.randint(every_days - 7, every_days + 7)
    return tuple(promotions)


def _count(rng, expected):
    """A count around ``expected`` (normal approximation of Poisson)."""
    return max(0, round(rng.gauss(expected, math.sqrt(max(expected, 1e-9)))))


# Units of an order line on average (1, 2 or 3 units: 75 %, 20 %, 5 %).
UNITS_PER_LINE = 1.3
LINES_PER_ORDER = 1.5


def _stock_rules(orders_per_day, channels, products):
    """Receipt batch and reorder point per (stock point, sku) from its average
    demand."""
    total_share = sum(channel.share for channel in channels) or 1.0
    total_popularity = sum(product.popularity for product in products) or 1.0
    share = {}
    for channel in channels:
        share[channel.stock_point] = share.get(channel.stock_point, 0.0) + (
            channel.share / total_share
        )
    batch, reorder_at = {}, {}
    for point, point_share in share.items():
        for product in products:
            daily = (
                orders_per_day
                * point_share
                * LINES_PER_ORDER
                * UNITS_PER_LINE
                * product.popularity
                / total_popularity
            )
            key = (point, product.sku)
            batch[key] = max(3, math.ceil(daily * product.cover_days))
            reorder_at[key] = math.ceil(daily * (product.lead_days + 2))
    return batch, reorder_at


class _StockPoints:
    """Stock per (stock point, sku) with receipts in batches and stock-outs."""

    def __init__(self, start, batch, reorder_at, rng, supplier_delay_rate):
        self.batch, self.reorder_at = batch, reorder_at
        self.rng, self.delay_rate = rng, supplier_delay_rate
        self.stock = dict(batch)
        self.due, self.out_since = {}, {}
        self.receipts = [Receipt(start, k[0], k[1], batch[k]) for k in sorted(batch)]
        self.stockouts = []
        self.lost = 0

    def arrive(self, today):
        """Receipts due today arrive overnight and end the stock-outs they cover."""
        for key, arrival in sorted(self.due.items()):
            if arrival <= today:
                self.stock[key] += self.batch[key]
                self.receipts.append(Receipt(today, key[0], key[1], self.batch[key]))
                del self.due[key]
                if key in self.out_since:
                    self.stockouts.append(
                        StockOut(key[0], key[1], self.out_since.pop(key), today)
                    )

    def take(self, key, wanted, when, today, lead_days):
        """Units taken of ``wanted`` (0: lost sale); reorders at the point."""
        quantity = min(wanted, self.stock[key])
        if quantity <= 0:
            self.lost += 1
            return 0
        self.stock[key] -= quantity
        if self.stock[key] <= 0:
            self.out_since[key] = when
        if self.stock[key] <= self.reorder_at[key] and key not in self.due:
            delay = lead_days
            if self.rng.random() < self.delay_rate:
                delay += self.rng.randint(4, 12)
            self.due[key] = today + timedelta(days=delay + 1)
        return quantity

    def still_out(self):
        return [
            StockOut(key[0], key[1], since, None)
            for key, since in sorted(self.out_since.items())
        ]


def _plan_return(rng, channel, lines, shipped, end, rate):
    """``(returned lines, returned at)`` of an order, ``((), None)`` if kept."""
    if channel.store or rng.random() >= rate:
        return (), None
    line = rng.choice(lines)
    returned_at = shipped + timedelta(days=rng.randint(3, 20))
    if returned_at >= end:
        return (), None
    quantity = rng.randint(1, line.quantity)
    return (PlannedLine(line.sku, quantity, line.unit_price),), returned_at


def plan_history(
    start,
    days,
    orders_per_day,
    channels,
    products,
    seed=0,
    return_rate=0.08,
    supplier_delay_rate=0.3,
):
    """Plan ``days`` days of orders from ``start`` (a datetime at midnight UTC).

    :param orders_per_day: average orders per day before seasons and promotions
    :param channels: ``DemoChannel`` list
    :param products: ``DemoProduct`` list
    :param return_rate: chance that a delivered order comes back (×1.5 when
        bought on promotion)
    :param supplier_delay_rate: chance that a receipt comes 4 to 12 days late,
        which is what makes products run dry
    :return: ``History``, orders in date order
    """
    rng = random.Random(seed)
    end = start + timedelta(days=days)
    promotions = plan_promotions(start, days, rng)
    orders = []
    weights = [channel.share for channel in channels]
    popularity = [product.popularity for product in products]
    points = _StockPoints(
        start,
        *_stock_rules(orders_per_day, channels, products),
        rng,
        supplier_delay_rate,
    )
    # Mean of the season factor, so that orders_per_day stays the average.
    mean_season = sum(seasonality(start + timedelta(days=d)) for d in range(days))
    mean_season = mean_season / days if days else 1.0
    numbers = {}
    for day in range(days):
        today = start + timedelta(days=day)
        points.arrive(today)
        promotion = next((p for p in promotions if p.covers(today)), None)
        expected = orders_per_day * seasonality(today) / mean_season
        if promotion:
            expected *= promotion.uplift
        moments = sorted(
            today
            + timedelta(
                hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60)
            )
            for hour in rng.choices(range(24), HOURLY, k=_count(rng, expected))
        )
        for when in moments:
            channel = rng.choices(channels, weights)[0]
            lines = []
            count = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
            for product in dict.fromkeys(rng.choices(products, popularity, k=count)):
                wanted = rng.choices((1, 2, 3), (0.75, 0.2, 0.05))[0]
                quantity = points.take(
                    (channel.stock_point, product.sku),
                    wanted,
                    when,
                    today,
                    product.lead_days,
                )
                if not quantity:
                    continue
                price = product.price
                if promotion:
                    price = round(price * (1 - promotion.discount / 100), 2)
                lines.append(PlannedLine(product.sku, quantity, price))
            if not lines:
                continue
            numbers[channel.code] = numbers.get(channel.code, 0) + 1
            hours = rng.uniform(0.1, 0.5) if channel.store else rng.uniform(2, 52)
            shipped = when + timedelta(hours=hours)
            rate = return_rate * (1.5 if promotion else 1.0)
            returned, returned_at = _plan_return(
                rng, channel, lines, shipped, end, rate
            )
            orders.append(
                PlannedOrder(
                    ref="DEMO-%s-%05d" % (channel.code, numbers[channel.code]),
                    channel=channel.code,
                    date=when,
                    lines=tuple(lines),
                    promotion=bool(promotion),
                    shipped_at=min(shipped, end),
                    returned=returned,
                    returned_at=returned_at,
                )
            )
    stockouts = points.stockouts + points.still_out()
    return History(
        orders=tuple(orders),
        receipts=tuple(
            sorted(points.receipts, key=lambda r: (r.date, r.stock_point, r.sku))
        ),
        stockouts=tuple(
            sorted(stockouts, key=lambda s: (s.start, s.stock_point, s.sku))
        ),
        promotions=promotions,
        lost_lines=points.lost,
    )
