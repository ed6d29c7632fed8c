"""Point of sale holds: what a terminal may hold of a store's free stock.

The ``oms_pos_bridge`` addon locks the (product, location) row, reads the free
quantity of the store (on hand minus promised minus the holds of other lines)
and asks :func:`decide_hold` what to hold; :func:`parse_quantity` and
:func:`offline_problem` screen what a terminal sent. No Odoo import: the addon
words the messages from the codes returned here.
"""

import math
from datetime import datetime
from enum import Enum
from typing import NamedTuple

DEFAULT_PRECISION = 1e-6


class Policy(str, Enum):
    """What a point of sale does when a line wants more than is free."""

    OFF = "off"  # no holds at all
    WARN = "warn"  # hold what is free, warn the cashier, sell anyway
    BLOCK = "block"  # hold nothing more, the cashier cannot add the quantity


class Outcome(str, Enum):
    """State answered to the terminal (the RPC contract's ``state``)."""

    HELD = "held"
    SHORT = "short"
    RELEASED = "released"
    BLOCKED = "blocked"
    UNTRACKED = "untracked"
    CONFLICT = "conflict"


class OfflineProblem(str, Enum):
    """Why a hold made offline cannot be taken as it is."""

    SESSION_CLOSED = "session_closed"
    STALE = "stale"
    SHORT = "short"


class HoldDecision(NamedTuple):
    outcome: Outcome
    held: float  # quantity held after the call


def parse_quantity(value):
    """The quantity a terminal sent as a float, or None when it is not a
    finite number (strings, booleans, NaN, infinities, None)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    qty = float(value)
    if not math.isfinite(qty):
        return None
    return qty


def decide_hold(requested, free, current, policy, precision=DEFAULT_PRECISION):
    """What a line holds after asking for ``requested`` units.

    :param requested: quantity of the line (finite); <= 0 releases
    :param free: free quantity of the store for this line, i.e. not counting
        the line's own current hold (may be negative when oversold)
    :param current: quantity the line holds now (0 when none)
    :param policy: :class:`Policy` of the point of sale
    :return: :class:`HoldDecision`; a hold never exceeds what is free, so
        holds cannot take the stock below zero
    """
    policy = Policy(policy)
    if requested <= precision:
        return HoldDecision(Outcome.RELEASED, 0.0)
    if policy is Policy.OFF:
        return HoldDecision(Outcome.UNTRACKED, 0.0)
    free = max(free, 0.0)
    if requested <= free + precision:
        return HoldDecision(Outcome.HELD, requested)
    if policy is Policy.BLOCK:
        # The line keeps what it had; a smaller hold is always possible above.
        return HoldDecision(Outcome.BLOCKED, min(current, free))
    return HoldDecision(Outcome.SHORT, free)


def offline_problem(client_time, session_start, session_open):
    """Why an offline hold cannot be taken before looking at the stock, or
    None. ``client_time`` and ``session_start`` are naive UTC datetimes (or
    None when unknown)."""
    if not session_open:
        return OfflineProblem.SESSION_CLOSED
    if (
        isinstance(client_time, datetime)
        and isinstance(session_start, datetime)
        and client_time < session_start
    ):
        return OfflineProblem.STALE
    return None
