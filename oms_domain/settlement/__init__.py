"""Marketplace settlements and payouts, free of any Odoo import.

Parsers read the documented report formats one row at a time into a normalized
:class:`Settlement` (totals per kind, sums per order, problems as codes, an
idempotency key and digest); :mod:`.journal` turns it into journal entry line
values by account role; :mod:`.matching` pairs payouts with bank statement
lines.
"""

from .amazon import read_amazon
from .common import open_text
from .journal import AccountMap, JournalEntry, MoveLineVals, Role, build_entry
from .matching import (
    BankLine,
    MatchCode,
    PayoutMatch,
    PayoutRef,
    match_payouts,
    payout_ref,
)
from .model import (
    ImportDecision,
    Kind,
    Problem,
    ProblemCode,
    Settlement,
    SettlementAccumulator,
    SettlementError,
    SettlementHeader,
    SettlementLine,
    parse_amount,
)
from .shopify import read_shopify
from .stripe import read_stripe


def known_fee_types():
    """Fee types the parsers name (the rest are slugs of unknown descriptions)."""
    from . import amazon, shopify, stripe  # noqa: PLC0415

    # Amazon's marketplace facilitator tax is classified in code, not in its table

    return sorted(
        set(amazon.FEE_TYPES.values())
        | set(shopify.FEE_TYPES.values())
        | set(stripe.FEE_TYPES.values())
        | {"payment", "dispute", "withheld_tax"}
    )
