# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Settlement problem codes (``oms_domain.settlement.ProblemCode``) in words."""

from oms_domain.settlement import ProblemCode


def problem_text(env, problem):
    """The translated sentence of one :class:`~oms_domain.settlement.Problem`."""
    _ = env._
    p = {key: _plain(value) for key, value in problem.params.items()}
    code = problem.code
    if code is ProblemCode.UNKNOWN_FEE_TYPE:
        return _(
            "Unknown fee type '%(fee_type)s' (%(amount)s %(currency)s) put on the "
            "suspense account: map it to an account in the channel's Settlement "
            "Accounts and move it there.",
            fee_type=p.get("fee_type", ""),
            amount=p.get("amount", ""),
            currency=p.get("currency", ""),
        )
    if code is ProblemCode.MISSING_ACCOUNT:
        return _(
            "No account for %(role)s (%(amount)s %(currency)s): put on the "
            "suspense account.",
            role=p.get("role", ""),
            amount=p.get("amount", ""),
            currency=p.get("currency", ""),
        )
    if code is ProblemCode.PAYOUT_DIFFERENCE:
        return _(
            "The amounts add up to %(difference)s %(currency)s more than the "
            "payout: the difference is on the suspense account and the entry "
            "stays in draft.",
            difference=p.get("difference", ""),
            currency=p.get("currency", ""),
        )
    if code is ProblemCode.MISSING_PAYOUT:
        return _("The file gives no payout amount: the entry stays in draft.")
    if code is ProblemCode.UNKNOWN_TRANSACTION_TYPE:
        return _(
            "Row %(row)s: unknown transaction type '%(label)s', put on the "
            "suspense account.",
            row=p.get("row", ""),
            label=p.get("label", ""),
        )
    if code is ProblemCode.BAD_AMOUNT:
        return _(
            "Row %(row)s: '%(value)s' is not an amount; the row was skipped.",
            row=p.get("row", ""),
            value=p.get("value", ""),
        )
    if code is ProblemCode.NET_MISMATCH:
        return _(
            "Row %(row)s: gross %(gross)s minus fee %(fee)s is not the net %(net)s.",
            row=p.get("row", ""),
            gross=p.get("gross", ""),
            fee=p.get("fee", ""),
            net=p.get("net", ""),
        )
    if code is ProblemCode.PAYOUT_CONFLICT:
        return _(
            "Row %(row)s: a second payout amount %(other)s differs from %(first)s.",
            row=p.get("row", ""),
            first=p.get("first", ""),
            other=p.get("other", ""),
        )
    if code is ProblemCode.OTHER_SETTLEMENT:
        return _(
            "Row %(row)s belongs to settlement %(settlement_id)s; it was skipped.",
            row=p.get("row", ""),
            settlement_id=p.get("settlement_id", ""),
        )
    if code is ProblemCode.MIXED_CURRENCY:
        return _(
            "Row %(row)s is in %(currency)s, another currency than the settlement.",
            row=p.get("row", ""),
            currency=p.get("currency", ""),
        )
    if code is ProblemCode.NO_SETTLEMENT_ID:
        return _("The file names no settlement: it is known by its content.")
    if code is ProblemCode.MISSING_COLUMN:
        return _("Columns missing: %(columns)s.", columns=p.get("columns", ""))
    if code is ProblemCode.EMPTY:
        return _("The file holds no settlement.")
    return str(code.value)


def _plain(value):
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return value
