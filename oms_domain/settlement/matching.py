"""Payouts matched with bank statement lines.

A payout matches a bank line of exactly its amount and currency, dated from
one day before its deposit date to ``days`` after (banks book a transfer a day
or a few later). A line whose label carries the payout's reference (settlement
or payout id) wins over one that does not. Two equally good lines, or one line
wanted by two payouts equally, is ``ambiguous``: nothing is matched, nothing
forced; an accountant picks.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum


class MatchCode(str, Enum):
    MATCHED = "matched"
    NO_BANK_LINE = "no_bank_line"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class BankLine:
    id: object
    amount: Decimal
    currency: str
    date: date
    label: str = ""


@dataclass(frozen=True)
class PayoutRef:
    """What a settlement says about its payout (see :func:`payout_ref`)."""

    key: str
    amount: Decimal
    currency: str
    date: date
    references: tuple = ()


@dataclass(frozen=True)
class PayoutMatch:
    key: str
    code: MatchCode
    bank_line_id: object = None
    candidates: tuple = ()


def payout_ref(settlement):
    """The :class:`PayoutRef` of a settlement (None without payout or date)."""
    head = settlement.header
    when = head.deposit_date or head.end
    if head.payout_amount is None or when is None:
        return None
    if isinstance(when, datetime):
        when = when.date()
    return PayoutRef(
        settlement.key,
        head.payout_amount,
        head.currency,
        when,
        tuple(ref for ref in (head.settlement_id,) if ref),
    )


def _score(payout, line, days):
    if line.amount != payout.amount or line.currency.upper() != payout.currency:
        return None
    delta = (line.date - payout.date).days
    if delta < -1 or delta > days:
        return None
    label = line.label.lower()
    named = any(ref.lower() in label for ref in payout.references)
    # a named line first, then the nearest date
    return (1 if named else 0, -abs(delta))


def match_payouts(payouts, bank_lines, *, days=5):
    """One :class:`PayoutMatch` per payout, in the order given."""
    bank_lines = list(bank_lines)
    best = {}
    for payout in payouts:
        scored = []
        for line in bank_lines:
            score = _score(payout, line, days)
            if score is not None:
                scored.append((score, line.id))
        scored.sort(key=lambda item: item[0], reverse=True)
        best[payout.key] = scored
    # a bank line claimed as best by two payouts with the same score is ambiguous
    claims = {}
    for key, scored in best.items():
        if scored:
            claims.setdefault(scored[0][1], []).append((scored[0][0], key))
    results = []
    for payout in payouts:
        scored = best[payout.key]
        candidates = tuple(line_id for _score, line_id in scored)
        if not scored:
            results.append(PayoutMatch(payout.key, MatchCode.NO_BANK_LINE))
            continue
        top_score, line_id = scored[0]
        tied = len(scored) > 1 and scored[1][0] == top_score
        rivals = [s for s, k in claims[line_id] if k != payout.key]
        if tied or any(s >= top_score for s in rivals):
            results.append(
                PayoutMatch(payout.key, MatchCode.AMBIGUOUS, candidates=candidates)
            )
            continue
        results.append(PayoutMatch(payout.key, MatchCode.MATCHED, line_id, candidates))
    return results
