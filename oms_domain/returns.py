"""Return policy and return arithmetic, free of any Odoo import.

The ``oms_returns`` addon reads return lines, order lines and policy settings in
batches, turns them into the plain values below and acts on what these functions
answer: which lines break the return policy, which fees to charge, how much of a
returned quantity is credited and how it spreads over deliveries and invoices.

Quantities are floats (as in Odoo) compared with a rounding precision; money is
computed with :class:`decimal.Decimal` and rounded half-up like Odoo's currencies.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import NamedTuple

from .errors import DomainError

DEFAULT_PRECISION = 1e-6


class Disposition(str, Enum):
    """What happens to a returned item once received."""

    RESTOCK = "restock"
    INSPECT = "inspect"
    SCRAP = "scrap"
    VENDOR = "vendor"


class Violation(str, Enum):
    """Why a return line breaks the policy; the addon words the message."""

    NO_QUANTITY = "no_quantity"
    NOT_DELIVERED = "not_delivered"
    NOT_RETURNABLE = "not_returnable"
    WINDOW_EXPIRED = "window_expired"
    OVER_RETURN = "over_return"
    COMMENT_REQUIRED = "comment_required"


class ReturnErrorCode(str, Enum):
    """Why a return computation refused its input; the addon words the message."""

    NEGATIVE_WINDOW = "negative_window"
    FEE_PERCENT_RANGE = "fee_percent_range"
    NEGATIVE_QUANTITY = "negative_quantity"
    NOT_ENOUGH = "not_enough"
    NEGATIVE_FEE = "negative_fee"


class ReturnError(DomainError):
    """Bad input to a return computation.

    ``code`` (a :class:`ReturnErrorCode`) says why and ``values`` hold the
    figures a message needs; the English text is for logs and developers only.
    """

    def __init__(self, code, message, **values):
        super().__init__(message)
        self.code = ReturnErrorCode(code)
        self.values = values


@dataclass(frozen=True)
class PolicyRule:
    """Return policy set on a channel or a product category.

    ``window_days`` None means no limit; ``restocking_fee_percent`` is a
    percentage of the untaxed value of the returned goods.
    """

    window_days: int | None = None
    restocking_fee_percent: float = 0.0

    def __post_init__(self):
        if self.window_days is not None and self.window_days < 0:
            raise ReturnError(
                ReturnErrorCode.NEGATIVE_WINDOW,
                "A return window cannot be negative.",
                days=self.window_days,
            )
        if not 0 <= self.restocking_fee_percent <= 100:
            raise ReturnError(
                ReturnErrorCode.FEE_PERCENT_RANGE,
                "A restocking fee is a percentage between 0 and 100.",
                percent=self.restocking_fee_percent,
            )


NO_POLICY = PolicyRule()


def resolve_policy(channel_rule=None, category_rules=()):
    """Return the rule that applies to one product sold through one channel.

    The most specific rule wins: the nearest product category that sets its own
    policy (``category_rules`` ordered from the product's category up to the
    root, None where a category sets nothing), else the channel's, else no limit
    and no fee.
    """
    for rule in category_rules:
        if rule is not None:
            return rule
    return channel_rule or NO_POLICY


def return_deadline(delivered_on, window_days):
    """Last day a delivery can be returned, or None without a window."""
    if window_days is None or delivered_on is None:
        return None
    return delivered_on + timedelta(days=window_days)


@dataclass(frozen=True)
class ReturnLineCheck:
    """One requested return line, as the policy sees it.

    ``returnable_qty`` is what may still be returned for the order line
    (delivered minus returned by other returns); ``delivered_on`` is the day the
    customer got the goods (None when nothing was delivered yet).
    """

    key: Hashable
    quantity: float
    returnable_qty: float
    delivered_on: date | None
    returnable: bool = True
    policy: PolicyRule = NO_POLICY
    comment_required: bool = False
    has_comment: bool = False


@dataclass(frozen=True)
class PolicyProblem:
    key: Hashable
    violation: Violation
    values: dict = field(default_factory=dict)


def check_return_lines(
    lines: Iterable[ReturnLineCheck],
    today,
    precision=DEFAULT_PRECISION,
    check_window=True,
):
    """List every policy problem of the given lines (empty when acceptable).

    ``check_window=False`` skips the return window and the non-returnable
    products (a manager's goodwill exception); quantities are always checked.
    """
    problems = []
    for line in lines:
        if line.quantity <= precision:
            problems.append(PolicyProblem(line.key, Violation.NO_QUANTITY))
            continue
        if line.delivered_on is None:
            problems.append(PolicyProblem(line.key, Violation.NOT_DELIVERED))
            continue
        if line.quantity - line.returnable_qty > precision:
            problems.append(
                PolicyProblem(
                    line.key,
                    Violation.OVER_RETURN,
                    {"quantity": line.quantity, "returnable": line.returnable_qty},
                )
            )
        if line.comment_required and not line.has_comment:
            problems.append(PolicyProblem(line.key, Violation.COMMENT_REQUIRED))
        if not check_window:
            continue
        if not line.returnable:
            problems.append(PolicyProblem(line.key, Violation.NOT_RETURNABLE))
            continue
        deadline = return_deadline(line.delivered_on, line.policy.window_days)
        if deadline is not None and today > deadline:
            problems.append(
                PolicyProblem(
                    line.key,
                    Violation.WINDOW_EXPIRED,
                    {
                        "days": line.policy.window_days,
                        "deadline": deadline,
                        "delivered_on": line.delivered_on,
                    },
                )
            )
    return problems


def returnable_quantity(delivered, returned, precision=DEFAULT_PRECISION):
    """What may still be returned of an order line; never negative."""
    left = delivered - returned
    return left if left > precision else 0.0


def over_returned(quantities, precision=DEFAULT_PRECISION):
    """Keys whose returned quantity exceeds what was delivered.

    ``quantities`` maps a key (an order line) to ``(delivered, returned)``
    where ``returned`` counts every live return, the checked one included.
    """
    return [
        key
        for key, (delivered, returned) in quantities.items()
        if returned - delivered > precision
    ]


def allocate(quantity, buckets: Sequence[tuple], precision=DEFAULT_PRECISION):
    """Spread ``quantity`` over ``(key, available)`` buckets, in their order.

    Used to split a returned quantity over the deliveries of an order line, and
    a credited quantity over its invoices (newest first). Returns
    ``[(key, quantity)]`` with only non-zero parts; raises :class:`ReturnError`
    (``NOT_ENOUGH``) when the buckets cannot hold the quantity.
    """
    if quantity < -precision:
        raise ReturnError(
            ReturnErrorCode.NEGATIVE_QUANTITY,
            "Cannot allocate a negative quantity.",
            quantity=quantity,
        )
    left = quantity
    parts = []
    for key, available in buckets:
        if left <= precision:
            break
        if available <= precision:
            continue
        take = min(left, available)
        parts.append((key, take))
        left -= take
    if left > precision:
        raise ReturnError(
            ReturnErrorCode.NOT_ENOUGH,
            "Only %s of %s can be allocated." % (quantity - left, quantity),
            allocated=quantity - left,
            quantity=quantity,
        )
    return parts


class RefundSplit(NamedTuple):
    """How a returned quantity of an order line is settled.

    ``credit_qty`` is reversed on the invoices; ``uninvoiced_qty`` was never
    invoiced, so adjusting the order is enough.
    """

    credit_qty: float
    uninvoiced_qty: float


def split_refund(returned, invoiced, kept, precision=DEFAULT_PRECISION):
    """Split a returned quantity between credit note and order adjustment.

    :param returned: quantity returned now
    :param invoiced: quantity invoiced so far, net of earlier credit notes
    :param kept: quantity the customer keeps after this return (what the line
        must end up invoiced for)
    """
    if returned < -precision:
        raise ReturnError(
            ReturnErrorCode.NEGATIVE_QUANTITY,
            "A returned quantity cannot be negative.",
            quantity=returned,
        )
    over_invoiced = max(invoiced - kept, 0.0)
    credit = min(returned, over_invoiced)
    if credit <= precision:
        credit = 0.0
    uninvoiced = returned - credit
    if uninvoiced <= precision:
        uninvoiced = 0.0
    return RefundSplit(credit, uninvoiced)


def to_money(value, digits=2):
    """Round to the currency's decimals, half-up like Odoo's float_round."""
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FeeLine:
    """A returned line as the fees see it: untaxed value and who is at fault."""

    amount: float
    restocking_fee_percent: float = 0.0
    customer_responsible: bool = True


def restocking_fee(lines: Iterable[FeeLine], digits=2):
    """Restocking fee of a return, rounded to the currency.

    Charged only on lines the customer is responsible for (a defect, a wrong or
    damaged item is the merchant's cost), at each line's own percentage.
    """
    total = Decimal(0)
    for line in lines:
        if not line.customer_responsible or line.amount <= 0:
            continue
        total += (
            Decimal(str(line.amount))
            * Decimal(str(line.restocking_fee_percent))
            / Decimal(100)
        )
    return to_money(total, digits)


def spread_fees(fees: Sequence, capacities: Sequence, digits=2):
    """Charge fees on several credit notes without turning any into an invoice.

    :param fees: amounts to charge, in priority order (restocking fee, then
        return shipping); the first ones are charged first when not everything
        fits
    :param capacities: untaxed amounts of the credit notes, in the order they
        are filled
    :return: one list per credit note, one :class:`~decimal.Decimal` per fee:
        what that credit note carries of that fee

    Credit notes are filled in turn: what does not fit on one goes on the next,
    so no fee is lost while credit is left. Amounts are rounded to ``digits``
    first and then only moved around, so the parts add up exactly to
    ``min(sum(fees), sum(capacities))``. A negative capacity counts as none.
    """
    left = [to_money(fee, digits) for fee in fees]
    negative = [fee for fee in left if fee < 0]
    if negative:
        raise ReturnError(
            ReturnErrorCode.NEGATIVE_FEE, "A fee cannot be negative.", fee=negative[0]
        )
    plan = []
    for capacity in capacities:
        room = max(to_money(capacity, digits), Decimal(0))
        parts = []
        for index, fee in enumerate(left):
            take = min(fee, room)
            parts.append(take)
            left[index] -= take
            room -= take
        plan.append(parts)
    return plan


def charge_return_shipping(customer_responsible_flags):
    """The customer pays the return shipping only if every line is on them.

    A parcel holding a single defective item ships at the merchant's expense.
    """
    flags = list(customer_responsible_flags)
    return bool(flags) and all(flags)


def return_rate(returned, delivered):
    """Returned quantity over delivered quantity, or None if nothing delivered."""
    if delivered <= 0:
        return None
    return returned / delivered
