"""Available-to-sell (ATS): the quantity one channel may advertise for one product.

The figure is built in two steps:

1. **Free stock** of the channel's source locations: on hand minus everything
   already promised (quantities reserved on moves, demand of confirmed orders not
   reserved yet, and holds such as store counters or allocations). Never negative.
2. **Channel policy**, applied in this order: keep the buffer back, give the channel
   its percentage share of the rest, round down to whole units, cap at the maximum
   to advertise, and show 0 when what is left is below the "show 0 below" level.

Quantities are in the product's unit of measure. The result is a whole number of
units because channels advertise whole units.
"""

import math
from dataclasses import dataclass, replace

from .errors import DomainError

# Tolerance for float sums such as 0.1 + 0.2 that should floor to the whole unit
# they represent.
_EPSILON = 1e-9


# Codes of the DomainError a policy or a self-tuning buffer is refused with;
# their ``params`` name the values at fault.
ERROR_PARAMS = {
    "share_percent_range": ("value",),
    "buffer_negative": ("value",),
    "max_qty_negative": ("value",),
    "zero_below_negative": ("value",),
    "sales_window_too_short": ("value",),
    "buffer_bounds": ("minimum", "maximum"),
}


@dataclass(frozen=True)
class AtsPolicy:
    """What a channel (or one product on a channel) may advertise of the free stock.

    :param share_percent: percentage of the free stock (after buffer) offered, 0-100
    :param buffer: units kept back before the share is taken
    :param max_qty: never advertise more than this; 0 means no maximum
    :param zero_below: advertise 0 when fewer than this many units would show;
        0 switches the rule off
    :param excluded: the product is not offered on the channel at all
    """

    share_percent: float = 100.0
    buffer: float = 0.0
    max_qty: float = 0.0
    zero_below: float = 0.0
    excluded: bool = False

    def __post_init__(self):
        if not 0 <= self.share_percent <= 100:
            raise DomainError("share_percent_range", value=self.share_percent)
        for name in ("buffer", "max_qty", "zero_below"):
            if getattr(self, name) < 0:
                raise DomainError("%s_negative" % name, value=getattr(self, name))

    def overridden(self, **changes):
        """Copy of the policy with the given values replaced; ``None`` keeps a value.

        Per-product overrides pass only what they change.
        """
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULT_POLICY = AtsPolicy()


@dataclass(frozen=True)
class AtsFigures:
    """The figures behind one ATS value, as shown to the user."""

    on_hand: float
    reserved: float
    unreserved_demand: float
    held: float
    buffer: float
    ats: int

    @property
    def promised(self):
        """Everything already promised to someone: reserved, demanded, held."""
        return self.reserved + self.unreserved_demand + self.held

    @property
    def free(self):
        """On hand minus promised, never negative."""
        return max(0.0, self.on_hand - self.promised)


def compute_ats(
    on_hand, reserved=0.0, unreserved_demand=0.0, held=0.0, policy=DEFAULT_POLICY
):
    """Compute the ATS of one (channel, product) pair.

    :param on_hand: quantity in the channel's source locations (may be negative)
    :param reserved: quantity reserved there by moves
    :param unreserved_demand: demand of confirmed moves out of those locations that
        is not reserved yet
    :param held: quantity held by other features (see the holds hook)
    :param policy: the channel's :class:`AtsPolicy`, overrides already applied
    :return: :class:`AtsFigures` whose ``ats`` is a whole number, never negative
    """
    # Negative promises make no sense; treat them as nothing promised.
    reserved = max(0.0, float(reserved))
    unreserved_demand = max(0.0, float(unreserved_demand))
    held = max(0.0, float(held))
    on_hand = float(on_hand)
    free = max(0.0, on_hand - reserved - unreserved_demand - held)
    return AtsFigures(
        on_hand=on_hand,
        reserved=reserved,
        unreserved_demand=unreserved_demand,
        held=held,
        buffer=float(policy.buffer),
        ats=apply_policy(free, policy),
    )


def compute_kit_ats(components, policy=DEFAULT_POLICY):
    """Compute the ATS of a kit (phantom bill of materials) from its components.

    A kit has no stock of its own: it is available as many times as every
    component is, ``min over the components of floor(free / quantity per kit)``.

    :param components: iterable of ``(AtsFigures of the component, quantity of
        the component per kit)``, the components' figures computed without any
        policy (their ``free`` is what counts); components with no positive
        quantity per kit are ignored
    :param policy: the channel's :class:`AtsPolicy` for the kit
    :return: :class:`AtsFigures` in kits: ``on_hand`` the kits the components
        on hand make, ``reserved`` the part of them already promised (through
        the components), ``ats`` the policy applied to the free kits; all 0 for
        a kit without stocked components
    """
    on_hand = free = None
    for figures, per_kit in components:
        per_kit = float(per_kit)
        if per_kit <= 0:
            continue
        kits_on_hand = max(0, math.floor(figures.on_hand / per_kit + _EPSILON))
        kits_free = max(0, math.floor(figures.free / per_kit + _EPSILON))
        on_hand = kits_on_hand if on_hand is None else min(on_hand, kits_on_hand)
        free = kits_free if free is None else min(free, kits_free)
    on_hand = float(on_hand or 0)
    free = float(min(free or 0, on_hand))
    return AtsFigures(
        on_hand=on_hand,
        reserved=on_hand - free,
        unreserved_demand=0.0,
        held=0.0,
        buffer=float(policy.buffer),
        ats=apply_policy(free, policy),
    )


def apply_policy(free, policy=DEFAULT_POLICY):
    """Whole units a channel may advertise out of ``free`` units under ``policy``."""
    if policy.excluded or free <= 0:
        return 0
    after_buffer = max(0.0, free - policy.buffer)
    units = math.floor(after_buffer * policy.share_percent / 100.0 + _EPSILON)
    if policy.max_qty:
        units = min(units, math.floor(policy.max_qty + _EPSILON))
    if policy.zero_below and units < policy.zero_below:
        return 0
    return max(0, units)


# Which bound a self-tuned buffer was moved to (BufferSuggestion.bound).
RAISED_TO_MINIMUM = "minimum"
CAPPED_AT_MAXIMUM = "maximum"


@dataclass(frozen=True)
class BufferSuggestion:
    """A self-tuned buffer and how it was reached: every figure an explanation
    needs (the addons word it), ``bound`` saying whether a bound moved it."""

    value: int
    units_sold: float
    window_days: float
    latency_seconds: float
    expected: float
    rounded: int
    minimum: float
    maximum: float
    bound: str = None

    @property
    def rate_per_hour(self):
        """Recent sales rate of the product across channels, units per hour."""
        if self.window_days <= 0:
            return 0.0
        return self.units_sold / (self.window_days * 24.0)


def self_tuning_buffer(
    units_sold, window_days, latency_seconds, minimum=0.0, maximum=None
):
    """Buffer covering what other channels sell before this channel is updated.

    buffer = recent sales rate × the channel's measured sync latency, rounded to
    the nearest unit and bounded by ``minimum`` and ``maximum``.

    :param units_sold: units of the product sold on all channels in the window
    :param window_days: length of the window, days
    :param latency_seconds: measured time from a stock change to the channel
        having the new quantity
    :param minimum: lower bound of the buffer
    :param maximum: upper bound; ``None`` or 0 means none
    """
    if window_days <= 0:
        raise DomainError("sales_window_too_short", value=window_days)
    maximum = maximum or None
    if minimum < 0 or (maximum is not None and maximum < minimum):
        raise DomainError("buffer_bounds", minimum=minimum, maximum=maximum)
    units_sold = max(0.0, float(units_sold))
    latency_seconds = max(0.0, float(latency_seconds))
    expected = units_sold / (window_days * 86400.0) * latency_seconds
    raw = math.floor(expected + 0.5)
    value = max(raw, math.ceil(minimum - _EPSILON))
    if maximum is not None:
        value = min(value, math.floor(maximum + _EPSILON))
    bound = None
    if value > raw:
        bound = RAISED_TO_MINIMUM
    elif value < raw:
        bound = CAPPED_AT_MAXIMUM
    return BufferSuggestion(
        value=int(value),
        units_sold=units_sold,
        window_days=float(window_days),
        latency_seconds=latency_seconds,
        expected=expected,
        rounded=int(raw),
        minimum=float(minimum),
        maximum=float(maximum or 0.0),
        bound=bound,
    )


def duration_parts(seconds):
    """``(number, unit)`` of a short human duration, the unit being ``"s"``,
    ``"min"`` or ``"h"``: 45 s, 2.5 min, 1.2 h. Addons word the unit."""
    if seconds < 90:
        return round(seconds), "s"
    if seconds < 5400:
        return round(seconds / 60.0, 1), "min"
    return round(seconds / 3600.0, 1), "h"
