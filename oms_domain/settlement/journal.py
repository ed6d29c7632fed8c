"""Journal entry line values of a settlement, by account role.

One entry per settlement, in the settlement currency. A line's amount from the
seller's balance becomes the opposite balance on its account: a sale of 100
credits the clearing account (where the customer's payment waits), a fee of
-15 debits the fee account, the payout of 85 debits the payout account (the
outstanding receipts matched later with the bank statement line). Sales and
refunds stay one line per order so they can be reconciled with the order's
payment; everything else is summed per role and fee type.

Nothing is forced: a fee type without an account lands on the suspense account
with ``unknown_fee_type``; a settlement whose lines do not add up to its payout
gets its difference on suspense with ``payout_difference`` and the entry is
marked not postable, for an accountant to look at.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .model import ZERO, Kind, Problem, ProblemCode


class Role(str, Enum):
    CLEARING = "clearing"
    REFUND = "refund"
    FEE = "fee"
    RESERVE = "reserve"
    ADJUSTMENT = "adjustment"
    PAYOUT = "payout"
    SUSPENSE = "suspense"


_ROLE_ORDER = {role: index for index, role in enumerate(Role)}
_KIND_ROLE = {
    Kind.SALE: Role.CLEARING,
    Kind.REFUND: Role.REFUND,
    Kind.FEE: Role.FEE,
    Kind.RESERVE: Role.RESERVE,
    Kind.ADJUSTMENT: Role.ADJUSTMENT,
    Kind.UNKNOWN: Role.SUSPENSE,
}


@dataclass(frozen=True)
class AccountMap:
    """Accounts (ids, codes: anything the addon understands) of a channel.

    ``fees`` maps a fee type (``commission``, ``fulfilment``, ``payment``...)
    to its account; ``refund`` empty means refunds go through the clearing
    account like the sales they reverse.
    """

    clearing: object
    payout: object
    suspense: object
    fees: dict = field(default_factory=dict)
    refund: object = None
    reserve: object = None
    adjustment: object = None

    def account(self, role, fee_type=""):
        """Account of a role, or None when the map has none for it."""
        if role is Role.FEE:
            return self.fees.get(fee_type)
        if role is Role.REFUND:
            return self.refund or self.clearing
        return getattr(self, role.value)


@dataclass(frozen=True)
class MoveLineVals:
    """One journal item: debit/credit are positive, ``balance`` = debit - credit.

    ``kind``/``fee_type``/``order_ref`` let the addon write the label;
    ``problem`` is the code of why the line is on suspense, if it is.
    """

    role: Role
    account: object
    debit: Decimal
    credit: Decimal
    currency: str
    kind: str = ""
    fee_type: str = ""
    order_ref: str = ""
    problem: str = ""

    @property
    def balance(self):
        return self.debit - self.credit


@dataclass(frozen=True)
class JournalEntry:
    ref: str
    digest: str
    currency: str
    date: object
    lines: tuple
    problems: tuple
    postable: bool

    @property
    def debit(self):
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def credit(self):
        return sum((line.credit for line in self.lines), ZERO)


def _vals(role, account, balance, currency, **extra):
    return MoveLineVals(
        role=role,
        account=account,
        debit=balance if balance > 0 else ZERO,
        credit=-balance if balance < 0 else ZERO,
        currency=currency,
        **extra,
    )


def build_entry(settlement, accounts):
    """The :class:`JournalEntry` of a :class:`~.model.Settlement`."""
    currency = settlement.currency
    lines = []
    problems = []
    for (kind, fee_type, order_ref), amount in settlement.groups.items():
        if kind is Kind.PAYOUT or not amount:
            continue
        role = _KIND_ROLE[kind]
        account = accounts.account(role, fee_type)
        problem = ""
        if kind is Kind.UNKNOWN:
            problem = ProblemCode.UNKNOWN_TRANSACTION_TYPE.value
        elif account is None:
            problem = (
                ProblemCode.UNKNOWN_FEE_TYPE
                if role is Role.FEE
                else ProblemCode.MISSING_ACCOUNT
            ).value
            problems.append(
                Problem(
                    ProblemCode(problem),
                    {
                        "role": role.value,
                        "fee_type": fee_type,
                        "amount": amount,
                        "currency": currency,
                    },
                )
            )
        if problem:
            role, account = Role.SUSPENSE, accounts.suspense
        lines.append(
            _vals(
                role,
                account,
                -amount,
                currency,
                kind=kind.value,
                fee_type=fee_type,
                order_ref=order_ref,
                problem=problem,
            )
        )
    payout = settlement.payout_amount
    if payout:
        lines.append(
            _vals(
                Role.PAYOUT, accounts.payout, payout, currency, kind=Kind.PAYOUT.value
            )
        )
    lines.sort(key=lambda v: (_ROLE_ORDER[v.role], v.fee_type, v.kind, v.order_ref))
    postable = payout is not None
    rest = sum((line.balance for line in lines), ZERO)
    if rest:
        code = (
            ProblemCode.PAYOUT_DIFFERENCE
            if payout is not None
            else ProblemCode.MISSING_PAYOUT
        )
        problems.append(Problem(code, {"difference": -rest, "currency": currency}))
        lines.append(
            _vals(Role.SUSPENSE, accounts.suspense, -rest, currency, problem=code.value)
        )
        postable = False
    head = settlement.header
    return JournalEntry(
        ref=settlement.key,
        digest=settlement.digest,
        currency=currency,
        date=head.deposit_date or head.end,
        lines=tuple(lines),
        problems=tuple(problems),
        postable=postable,
    )
