"""The normalized settlement: lines, totals, problems, identity.

Amounts are signed from the seller's balance at the marketplace: a sale adds
to it (positive), fees, refunds and reserves held take from it (negative) and
the payout to the bank empties it (negative). A settlement reconciles when the
lines other than the payout add up, to the cent, to the payout amount; when
they do not the difference is reported, never spread over the lines.

Parsers feed an :class:`SettlementAccumulator` one line at a time: it keeps
totals, sums per order and a digest, not the lines, so a file of any length
is read in constant memory apart from one sum per order.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import Enum

from ..errors import DomainError

ZERO = Decimal(0)
CENT = Decimal("0.01")
#: examples kept per problem code; the count goes on
MAX_PROBLEM_EXAMPLES = 20
_DIGEST_MOD = 1 << 256


class Kind(str, Enum):
    """What a settlement line is; fees carry their type on the line."""

    SALE = "sale"
    REFUND = "refund"
    FEE = "fee"
    RESERVE = "reserve"
    ADJUSTMENT = "adjustment"
    PAYOUT = "payout"
    UNKNOWN = "unknown"


class ProblemCode(str, Enum):
    """What is wrong with a settlement or one of its rows; the addon words it.

    Params per code (``row`` is the data row or transaction index):
    ``missing_column`` columns; ``empty`` source; ``bad_amount`` row, value;
    ``missing_payout`` (none, or difference on a journal entry);
    ``payout_conflict`` row, first, other; ``payout_difference`` difference,
    lines_total, payout, currency (journal entry: difference, currency);
    ``net_mismatch`` row, gross, fee, net; ``other_settlement`` row,
    settlement_id; ``mixed_currency`` row, currency; ``unknown_fee_type`` and
    ``missing_account`` role, fee_type, amount, currency;
    ``unknown_transaction_type`` row, label; ``no_settlement_id`` (none: the
    key is made of the digest).
    """

    MISSING_COLUMN = "missing_column"
    EMPTY = "empty"
    BAD_AMOUNT = "bad_amount"
    MISSING_PAYOUT = "missing_payout"
    PAYOUT_CONFLICT = "payout_conflict"
    PAYOUT_DIFFERENCE = "payout_difference"
    NET_MISMATCH = "net_mismatch"
    OTHER_SETTLEMENT = "other_settlement"
    MIXED_CURRENCY = "mixed_currency"
    UNKNOWN_FEE_TYPE = "unknown_fee_type"
    UNKNOWN_TRANSACTION_TYPE = "unknown_transaction_type"
    MISSING_ACCOUNT = "missing_account"
    NO_SETTLEMENT_ID = "no_settlement_id"


class ImportDecision(str, Enum):
    """What to do with a parsed settlement given what was imported before."""

    NEW = "new"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


class SettlementError(DomainError):
    """A file that cannot be read as a settlement at all (code + params)."""


@dataclass(frozen=True, slots=True)
class SettlementLine:
    """One money movement of a settlement.

    ``fee_type`` is set for fees only (``commission``, ``fulfilment``,
    ``payment``... or the slug of a description we do not know);
    ``label`` keeps the marketplace's own words for the accountant;
    ``row`` is the 1-based data row (or transaction index) in the source.
    """

    kind: Kind
    amount: Decimal
    currency: str
    order_ref: str = ""
    fee_type: str = ""
    label: str = ""
    external_id: str = ""
    row: int = 0

    @property
    def kind_label(self):
        """``fee:<type>`` for fees, the kind otherwise."""
        if self.kind is Kind.FEE:
            return "fee:%s" % self.fee_type
        return self.kind.value

    def fingerprint(self):
        return "|".join(
            (
                self.kind_label,
                self.order_ref,
                self.external_id,
                self.label,
                self.currency,
                format(self.amount.normalize(), "f") if self.amount else "0",
            )
        )


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SettlementHeader:
    """What the source says about the settlement as a whole.

    ``payout_amount`` is what reached (or will reach) the bank, positive;
    None when the source does not say.
    """

    source: str
    settlement_id: str
    currency: str
    payout_amount: Decimal | None = None
    start: datetime | None = None
    end: datetime | None = None
    deposit_date: datetime | None = None
    account: str = ""


@dataclass(frozen=True)
class Settlement:
    """A parsed settlement: totals and sums, not the lines (see ``lines``)."""

    header: SettlementHeader
    #: sum of the lines per (kind, fee_type)
    totals: dict
    #: sum per (kind, fee_type, order_ref): what the journal entry is built from
    groups: dict
    problems: tuple
    problem_counts: dict
    line_count: int
    digest: str
    #: the lines themselves, only when the parser was asked to keep them
    lines: tuple = ()

    @property
    def key(self):
        """Idempotency key: the same settlement from any file gives the same key."""
        head = self.header
        # a file that names no settlement is known by its content
        ident = head.settlement_id or "digest-%s" % self.digest[:32]
        return "%s:%s:%s" % (head.source, head.account, ident)

    @property
    def currency(self):
        return self.header.currency

    @property
    def lines_total(self):
        """Sum of every line other than the payout."""
        return sum(
            (
                amount
                for (kind, _fee), amount in self.totals.items()
                if kind is not Kind.PAYOUT
            ),
            ZERO,
        )

    @property
    def payout_amount(self):
        return self.header.payout_amount

    @property
    def difference(self):
        """Lines minus payout; None when the payout amount is unknown."""
        if self.header.payout_amount is None:
            return None
        return self.lines_total - self.header.payout_amount

    @property
    def is_reconciled(self):
        return self.difference is not None and self.difference == ZERO

    def total(self, kind, fee_type=""):
        kind = Kind(kind)
        if kind is Kind.FEE and not fee_type:
            return sum((a for (k, _f), a in self.totals.items() if k is Kind.FEE), ZERO)
        return self.totals.get((kind, fee_type), ZERO)

    def codes(self):
        """The problem codes found, each once."""
        return set(self.problem_counts)

    def import_decision(self, imported_digest):
        """NEW, DUPLICATE or CONFLICT against the digest stored under ``key``.

        The same file twice (or the same transactions in another order) is a
        DUPLICATE: nothing to do. A different content under the same key is a
        CONFLICT for an accountant, never an overwrite.
        """
        if not imported_digest:
            return ImportDecision.NEW
        if imported_digest == self.digest:
            return ImportDecision.DUPLICATE
        return ImportDecision.CONFLICT


_PER_ORDER = frozenset({(Kind.SALE, ""), (Kind.REFUND, "")})


class SettlementAccumulator:
    """Collects lines as a parser yields them and builds the :class:`Settlement`.

    The digest is a multiset hash (sum of the lines' SHA-256 modulo 2**256):
    it does not depend on line order, so transactions paged in another order
    give the same digest, while a line twice counts twice.
    """

    def __init__(self, source, *, by_order=True, keep_lines=False):
        self.source = source
        self.by_order = by_order
        self.keep_lines = keep_lines
        self.header = None
        self.totals = {}
        self.groups = {}
        self.problems = []
        self.problem_counts = Counter()
        self.line_count = 0
        self._digest = 0
        self._lines = []
        self._currencies = set()

    def problem(self, code, **params):
        code = ProblemCode(code)
        self.problem_counts[code] += 1
        if self.problem_counts[code] <= MAX_PROBLEM_EXAMPLES:
            self.problems.append(Problem(code, params))

    def add(self, line):
        self.line_count += 1
        key = (line.kind, line.fee_type)
        self.totals[key] = self.totals.get(key, ZERO) + line.amount
        order_ref = line.order_ref if self.by_order and key in _PER_ORDER else ""
        gkey = (line.kind, line.fee_type, order_ref)
        self.groups[gkey] = self.groups.get(gkey, ZERO) + line.amount
        digest = hashlib.sha256(line.fingerprint().encode()).digest()
        self._digest = (self._digest + int.from_bytes(digest, "big")) % _DIGEST_MOD
        if line.currency not in self._currencies:
            self._currencies.add(line.currency)
            if len(self._currencies) > 1:
                self.problem(
                    ProblemCode.MIXED_CURRENCY, row=line.row, currency=line.currency
                )
        if self.keep_lines:
            self._lines.append(line)

    def extend(self, lines: Iterable):
        for line in lines:
            self.add(line)

    def finish(self, header=None):
        header = header or self.header
        if header is None:
            raise SettlementError(ProblemCode.EMPTY.value, source=self.source)
        if header.payout_amount is None:
            self.problem(ProblemCode.MISSING_PAYOUT)
        if not header.settlement_id:
            self.problem(ProblemCode.NO_SETTLEMENT_ID)
        head_text = "|".join(
            (
                header.source,
                header.account,
                header.settlement_id,
                header.currency,
                format(header.payout_amount, "f")
                if header.payout_amount is not None
                else "",
            )
        )
        digest = hashlib.sha256(
            head_text.encode() + self._digest.to_bytes(32, "big")
        ).hexdigest()
        lines_total = sum(
            (a for (kind, _fee), a in self.totals.items() if kind is not Kind.PAYOUT),
            ZERO,
        )
        if header.payout_amount is not None and lines_total != header.payout_amount:
            self.problem(
                ProblemCode.PAYOUT_DIFFERENCE,
                difference=lines_total - header.payout_amount,
                lines_total=lines_total,
                payout=header.payout_amount,
                currency=header.currency,
            )
        settlement = Settlement(
            header=header,
            totals=dict(self.totals),
            groups=dict(self.groups),
            problems=tuple(self.problems),
            problem_counts=dict(self.problem_counts),
            line_count=self.line_count,
            digest=digest,
            lines=tuple(self._lines),
        )
        return settlement


def parse_amount(text):
    """A money amount from a report cell, as an exact :class:`Decimal`.

    Accepts ``1234.56``, ``-1,234.56``, ``1.234,56`` and ``12,34`` (the comma
    decimals of Amazon's European marketplaces). Raises ValueError otherwise;
    never goes through float.
    """
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise ValueError("empty amount")
    if "," in raw and "." in raw:
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        head, _sep, tail = raw.rpartition(",")
        if raw.count(",") == 1 and len(tail) <= 2:
            raw = head + "." + tail
        else:
            raw = raw.replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation as error:
        raise ValueError("not an amount: %r" % text) from error
    if not value.is_finite():
        raise ValueError("not an amount: %r" % text)
    return value


def parse_money_field(value):
    """An amount from JSON: a string, an int, or GraphQL's MoneyV2 dict."""
    if isinstance(value, dict):
        value = value.get("amount")
    if isinstance(value, float):
        # JSON numbers with decimals: keep their shortest text, not binary noise
        value = repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return parse_amount(value if isinstance(value, str) else "")


def money_currency(value, default=""):
    if isinstance(value, dict):
        return (value.get("currencyCode") or default or "").upper()
    return default
