"""Reorder point, order-up-to level and stock rebalancing between stores.

From a forecast (mean daily demand and the standard deviation of its daily error,
see :mod:`oms_domain.forecast`), a supplier lead time and a service level:

- **safety stock** ``z * sqrt(L * sigma^2 + d^2 * sigma_L^2)``, where ``z`` is the
  standard normal quantile of the service level (the probability of not running out
  during one replenishment cycle), ``L`` the lead time in days, ``sigma`` the daily
  forecast error, ``d`` the daily demand and ``sigma_L`` the spread of the lead time;
- **reorder point** ``d * L + safety stock``: order when the stock position falls to it;
- **order-up-to level** the same over lead time plus review period ``R`` (days
  between two orders): ``d * (L + R) + z * sqrt((L + R) * sigma^2 + d^2 * sigma_L^2)``.

Both levels are rounded up to whole units (Odoo's reordering rules take them as
minimum and maximum). Errors are :class:`DomainError` with a code the addon words.

Rebalancing moves what stores hold above their order-up-to level to stores below
their reorder point, most urgent first (fewest days of cover), before anything is
bought.
"""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from statistics import NormalDist

from .errors import DomainError

_EPSILON = 1e-9

ERROR_PARAMS = {
    "service_level_range": ("value",),
    "lead_time_negative": ("value",),
    "review_negative": ("value",),
}


@dataclass(frozen=True)
class ReorderPolicy:
    """How much risk of running out a location accepts, and how it is supplied.

    :param service_level: probability of no stock-out during a cycle, in (0, 1)
    :param lead_time_days: days from ordering to receiving
    :param review_days: days between two orders (0: order whenever needed)
    :param lead_time_sigma_days: standard deviation of the lead time, in days
    """

    service_level: float = 0.95
    lead_time_days: float = 7.0
    review_days: float = 7.0
    lead_time_sigma_days: float = 0.0

    def __post_init__(self):
        if not 0 < self.service_level < 1:
            raise DomainError("service_level_range", value=self.service_level)
        if self.lead_time_days < 0 or self.lead_time_sigma_days < 0:
            raise DomainError("lead_time_negative", value=self.lead_time_days)
        if self.review_days < 0:
            raise DomainError("review_negative", value=self.review_days)

    @property
    def z(self):
        """Standard normal quantile of the service level."""
        return NormalDist().inv_cdf(self.service_level)


@dataclass(frozen=True)
class ReorderFigures:
    """Suggested levels of one product at one location, with what they rest on."""

    daily_demand: float
    sigma: float
    z: float
    safety_stock: float
    reorder_point: float
    order_up_to: float


def _ceil(value):
    """Round up to whole units, forgiving float noise such as 110.0000000001."""
    return float(math.ceil(value - 1e-6)) if value > 0 else 0.0


def reorder_figures(daily_demand, sigma, policy=None):
    """Safety stock, reorder point and order-up-to level (see the module).

    Negative demand or error (returns exceeding sales) count as 0; the levels are
    whole units and the order-up-to level is never below the reorder point.
    """
    policy = policy or ReorderPolicy()
    demand = max(float(daily_demand or 0.0), 0.0)
    sigma = max(float(sigma or 0.0), 0.0)
    z = policy.z
    lead, cover = policy.lead_time_days, policy.lead_time_days + policy.review_days
    spread = (demand * policy.lead_time_sigma_days) ** 2

    def buffer(days):
        return max(z * math.sqrt(days * sigma**2 + spread), 0.0)

    safety = buffer(lead)
    reorder_point = _ceil(demand * lead + safety)
    order_up_to = max(_ceil(demand * cover + buffer(cover)), reorder_point)
    return ReorderFigures(
        daily_demand=demand,
        sigma=sigma,
        z=z,
        safety_stock=safety,
        reorder_point=reorder_point,
        order_up_to=order_up_to,
    )


@dataclass(frozen=True)
class StoreStock:
    """One product at one location, as rebalancing sees it.

    :param location: any key of the location (a warehouse id)
    :param on_hand: free stock (on hand less reserved); negative counts as 0
    :param reorder_point: below it the location needs stock
    :param order_up_to: what it should hold after a delivery; above it, excess
    :param daily_demand: forecast demand per day, for the urgency order
    """

    location: Hashable
    on_hand: float
    reorder_point: float
    order_up_to: float
    daily_demand: float = 0.0

    @property
    def need(self):
        """Whole units to bring it up to its order-up-to level, when below reorder."""
        on_hand = max(self.on_hand, 0.0)
        if on_hand >= self.reorder_point - _EPSILON:
            return 0.0
        return _ceil(self.order_up_to - on_hand)

    @property
    def excess(self):
        """Whole units it holds above its order-up-to level."""
        return float(math.floor(max(self.on_hand - self.order_up_to, 0.0) + 1e-6))

    @property
    def days_of_cover(self):
        if self.daily_demand <= 0:
            return math.inf
        return max(self.on_hand, 0.0) / self.daily_demand


@dataclass(frozen=True)
class Transfer:
    """A suggested move of ``quantity`` units from one location to another."""

    source: Hashable
    destination: Hashable
    quantity: float


def rebalance(stocks: Iterable[StoreStock], minimum_quantity=1.0):
    """Transfers from locations with excess to locations below their reorder point.

    The most urgent location (fewest days of cover, then largest need) is served
    first, from the location with the largest excess; no source goes below its own
    order-up-to level and no transfer is smaller than ``minimum_quantity``. What
    the transfers do not cover is left to purchasing. Deterministic: ties are
    broken by the order of ``stocks``.
    """
    stocks = list(stocks)
    order = {id(stock): index for index, stock in enumerate(stocks)}
    needy = sorted(
        (s for s in stocks if s.need > 0),
        key=lambda s: (s.days_of_cover, -s.need, order[id(s)]),
    )
    excess = {id(s): s.excess for s in stocks if s.excess > 0}
    sources = [s for s in stocks if id(s) in excess]
    transfers = []
    for destination in needy:
        need = destination.need
        for source in sorted(sources, key=lambda s: (-excess[id(s)], order[id(s)])):
            if need < minimum_quantity:
                break
            if source.location == destination.location:
                continue
            quantity = min(need, excess[id(source)])
            if quantity < minimum_quantity:
                continue
            transfers.append(Transfer(source.location, destination.location, quantity))
            excess[id(source)] -= quantity
            need -= quantity
    return transfers
