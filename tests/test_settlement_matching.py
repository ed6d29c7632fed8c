"""Payouts matched with bank statement lines, never forced."""

from datetime import date
from decimal import Decimal

from settlement_samples import fixture_text, stream

from oms_domain.settlement import (
    BankLine,
    MatchCode,
    PayoutRef,
    match_payouts,
    payout_ref,
    read_amazon,
)

D = Decimal


def payout(key, amount, day, refs=()):
    return PayoutRef(key, D(amount), "USD", date(2026, 11, day), tuple(refs))


def test_settlement_payout_matches_its_bank_line():
    settlement = read_amazon(stream(fixture_text("amazon_v2.txt")))
    ref = payout_ref(settlement)
    assert ref.amount == D("61.53") and ref.date == date(2026, 11, 17)
    lines = [
        BankLine(1, D("61.53"), "USD", date(2026, 11, 25), "too late"),
        BankLine(2, D("61.53"), "USD", date(2026, 11, 18), "AMAZON 11814592041"),
        BankLine(3, D("61.54"), "USD", date(2026, 11, 18), "AMAZON"),
        BankLine(4, D("61.53"), "EUR", date(2026, 11, 18), "AMAZON"),
    ]
    (match,) = match_payouts([ref], lines)
    assert match.code is MatchCode.MATCHED
    assert match.bank_line_id == 2
    assert match.candidates == (2,)


def test_named_line_wins_then_nearest_date():
    lines = [
        BankLine("a", D("10.00"), "USD", date(2026, 11, 17), "transfer"),
        BankLine("b", D("10.00"), "USD", date(2026, 11, 19), "payout PO-9"),
    ]
    (named,) = match_payouts([payout("k", "10.00", 17, ["PO-9"])], lines)
    assert (named.code, named.bank_line_id) == (MatchCode.MATCHED, "b")
    (near,) = match_payouts([payout("k", "10.00", 17)], lines)
    assert (near.code, near.bank_line_id) == (MatchCode.MATCHED, "a")


def test_ties_are_ambiguous_not_forced():
    lines = [
        BankLine("a", D("10.00"), "USD", date(2026, 11, 18)),
        BankLine("b", D("10.00"), "USD", date(2026, 11, 18)),
    ]
    (match,) = match_payouts([payout("k", "10.00", 17)], lines)
    assert match.code is MatchCode.AMBIGUOUS
    assert match.bank_line_id is None
    assert set(match.candidates) == {"a", "b"}


def test_one_line_two_payouts():
    lines = [BankLine("a", D("10.00"), "USD", date(2026, 11, 18))]
    both = match_payouts([payout("k1", "10.00", 17), payout("k2", "10.00", 17)], lines)
    assert [m.code for m in both] == [MatchCode.AMBIGUOUS, MatchCode.AMBIGUOUS]
    named = match_payouts(
        [payout("k1", "10.00", 17), payout("k2", "10.00", 17, ["S2"])],
        [BankLine("a", D("10.00"), "USD", date(2026, 11, 18), "ref S2")],
    )
    assert [(m.code, m.bank_line_id) for m in named] == [
        (MatchCode.AMBIGUOUS, None),
        (MatchCode.MATCHED, "a"),
    ]


def test_no_bank_line_and_no_payout():
    (match,) = match_payouts([payout("k", "10.00", 17)], [])
    assert match.code is MatchCode.NO_BANK_LINE
    text = fixture_text("amazon_v2.txt").splitlines()
    del text[1]
    assert payout_ref(read_amazon(stream("\r\n".join(text)))) is None
