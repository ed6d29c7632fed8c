# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import dataclasses
from datetime import datetime
from decimal import Decimal

import psycopg2

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from oms_domain.settlement import (
    BankLine,
    ImportDecision,
    Kind,
    MatchCode,
    PayoutRef,
    Role,
    build_entry,
    match_payouts,
)

from .oms_settlement_problem import problem_text

SOURCES = [("amazon", "Amazon"), ("shopify", "Shopify"), ("stripe", "Stripe")]
# settlement role -> profitability role of its journal items
PROFIT_ROLES = {
    Role.REFUND: "refund",
    Role.FEE: "fee",
    Role.RESERVE: "reserve",
    Role.ADJUSTMENT: "adjustment",
    Role.PAYOUT: "payout",
    Role.SUSPENSE: "suspense",
}
# days after the deposit date a bank line of the payout is looked for
MATCH_DAYS = 5


class OmsSettlement(models.Model):
    """A marketplace settlement or payout, imported once, as one journal entry.

    The entry sums the settlement per role and account (not per row); sums
    per order stay on the record for drill-down. A settlement that does not add
    up to its payout keeps its entry in draft with the difference on suspense
    ('difference'), for an accountant: nothing is forced.
    """

    _name = "oms.settlement"
    _description = "Marketplace Settlement"
    _inherit = ["mail.thread"]
    _order = "payout_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    channel_id = fields.Many2one(
        "oms.channel", required=True, readonly=True, index=True, check_company=True
    )
    connector_account_id = fields.Many2one(
        "oms.connector.account", readonly=True, index="btree_not_null"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    source = fields.Selection(SOURCES, required=True, readonly=True)
    settlement_ref = fields.Char(
        string="Reference", readonly=True, help="Settlement or payout id at the source."
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    date_start = fields.Date(string="From", readonly=True)
    date_end = fields.Date(string="To", readonly=True)
    payout_date = fields.Date(readonly=True)
    payout_amount = fields.Monetary(readonly=True)
    lines_total = fields.Monetary(
        readonly=True, help="Sum of every amount of the settlement but the payout."
    )
    difference = fields.Monetary(
        readonly=True, help="Lines total minus payout: zero when it reconciles."
    )
    idempotency_key = fields.Char(required=True, readonly=True, index=True)
    digest = fields.Char(readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("posted", "Posted"),
            ("matched", "Matched with Bank"),
            ("difference", "Difference"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    has_problems = fields.Boolean(readonly=True)
    problems = fields.Text(readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    # {order_ref: {"sale": "12.30", "refund": "-5.00"}}: the drill-down per order
    order_totals = fields.Json(readonly=True)
    line_ids = fields.One2many("oms.settlement.line", "settlement_id", readonly=True)
    move_id = fields.Many2one(
        "account.move", string="Journal Entry", readonly=True, check_company=True
    )
    payout_line_id = fields.Many2one("account.move.line", readonly=True)
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Statement Line",
        readonly=True,
        check_company=True,
    )
    match_status = fields.Selection(
        [
            ("none", "Not Matched Yet"),
            ("matched", "Matched"),
            ("no_bank_line", "No Bank Line"),
            ("ambiguous", "Ambiguous"),
        ],
        default="none",
        required=True,
        readonly=True,
        tracking=True,
    )
    match_note = fields.Char(readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="Source File", readonly=True
    )

    _sql_constraints = [
        (
            "key_uniq",
            "unique(company_id, idempotency_key)",
            "This settlement has already been imported.",
        )
    ]

    # Actions -----------------------------------------------------------------------

    def action_post(self):
        """Post the entry of a settlement whose difference an accountant dealt
        with in the draft entry (it must balance without the suspense line)."""
        for settlement in self:
            if (
                settlement.state not in ("draft", "difference")
                or not settlement.move_id
            ):
                continue
            settlement.move_id.action_post()
            settlement.state = "posted"
        return True

    def action_match_payout(self):
        self._oms_match_payouts()
        return True

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    # Import ------------------------------------------------------------------------

    @api.model
    def _oms_import(
        self, channel, parsed, *, connector_account=None, filename=None, data=None
    ):
        """Record a parsed settlement of ``channel`` and its journal entry.

        Returns ``(settlement, decision)``: for a DUPLICATE (same key, same
        digest) or a CONFLICT (same key, other content) the settlement already
        there, unchanged.
        """
        company = channel.company_id
        existing = self.sudo().search(
            [("company_id", "=", company.id), ("idempotency_key", "=", parsed.key)],
            limit=1,
        )
        if existing:
            return existing, parsed.import_decision(existing.digest)
        try:
            # a concurrent first import of the channel writes the same default
            # accounts, of the same settlement the same key: the loser waits,
            # then is told to try again (and then finds it imported)
            with self.env.cr.savepoint(), tools.mute_logger("odoo.sql_db"):
                accounts = self.env["oms.settlement.account"]._oms_account_map(channel)
                settlement = self.create(
                    self._prepare_settlement_vals(channel, parsed, connector_account)
                )
        except psycopg2.IntegrityError as error:
            raise UserError(
                self.env._(
                    "Settlement %(key)s is being imported by someone else; try "
                    "again in a moment.",
                    key=parsed.key,
                )
            ) from error
        entry = build_entry(_summed(parsed), accounts)
        settlement._oms_make_entry(entry, accounts)
        if entry.problems:
            settlement._oms_add_problems(entry.problems)
        if data:
            settlement.attachment_id = self.env["ir.attachment"].create(
                {
                    "name": filename or "%s.txt" % settlement.name,
                    "raw": data,
                    "res_model": self._name,
                    "res_id": settlement.id,
                }
            )
        return settlement, ImportDecision.NEW

    def _prepare_settlement_vals(self, channel, parsed, connector_account=None):
        currency = self._oms_currency(parsed.currency)
        head = parsed.header
        problems = [problem_text(self.env, p) for p in parsed.problems]
        for code, count in parsed.problem_counts.items():
            if count > len([p for p in parsed.problems if p.code == code]):
                problems.append(
                    self.env._(
                        "... %(count)s rows with this problem in all.", count=count
                    )
                )
        order_totals = _order_totals(parsed)
        vals = {
            "name": "%s %s" % (dict(SOURCES)[head.source], head.settlement_id or "")
            if head.settlement_id
            else dict(SOURCES)[head.source],
            "channel_id": channel.id,
            "connector_account_id": connector_account.id
            if connector_account
            else False,
            "company_id": channel.company_id.id,
            "source": head.source,
            "settlement_ref": head.settlement_id,
            "currency_id": currency.id,
            "date_start": _date(head.start),
            "date_end": _date(head.end),
            "payout_date": _date(head.deposit_date or head.end)
            or fields.Date.context_today(self),
            "payout_amount": float(head.payout_amount or 0),
            "lines_total": float(parsed.lines_total),
            "difference": float(parsed.difference or 0),
            "idempotency_key": parsed.key,
            "digest": parsed.digest,
            "has_problems": bool(problems),
            "problems": "\n".join(dict.fromkeys(problems)) or False,
            "row_count": parsed.line_count,
            "order_count": len(order_totals),
            "order_totals": order_totals,
        }
        return vals

    def _oms_add_problems(self, problems):
        """Add the entry's problems (unknown fee type, difference) to the text."""
        self.ensure_one()
        texts = [self.problems] if self.problems else []
        texts += [problem_text(self.env, p) for p in problems]
        self.write({"has_problems": True, "problems": "\n".join(dict.fromkeys(texts))})

    def _oms_currency(self, code):
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", (code or "").upper())], limit=1)
        )
        if not currency:
            raise UserError(
                self.env._("The settlement's currency %(code)s is unknown.", code=code)
            )
        if not currency.active:
            raise UserError(
                self.env._(
                    "The settlement is in %(code)s, a currency not active: activate "
                    "it first.",
                    code=currency.name,
                )
            )
        return currency

    def _oms_make_entry(self, entry, accounts):
        """Create (and post when it balances without suspense for a
        difference) the journal entry, and the summary lines."""
        self.ensure_one()
        journal = self.channel_id.sudo()._oms_settlement_journal()
        move_lines = self._prepare_move_line_vals(entry, accounts)
        move = (
            self.env["account.move"]
            .with_context(check_move_validity=False)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": self.payout_date,
                    "ref": self.idempotency_key,
                    "oms_channel_id": self.channel_id.id,
                    "currency_id": self.currency_id.id,
                    "line_ids": [fields.Command.create(vals) for vals in move_lines],
                }
            )
        )
        self.env["oms.settlement.line"].create(
            [
                {
                    "settlement_id": self.id,
                    "role": line.role.value,
                    "kind": line.kind or False,
                    "fee_type": line.fee_type or False,
                    "account_id": line.account,
                    "amount": float(line.debit - line.credit),
                    "problem": line.problem or False,
                }
                for line in entry.lines
            ]
        )
        vals = {"move_id": move.id}
        payout = move.line_ids.filtered(lambda ml: ml.oms_profit_role == "payout")
        vals["payout_line_id"] = payout[:1].id
        if entry.postable:
            move.action_post()
            vals["state"] = "posted"
        else:
            vals["state"] = "difference"
        self.write(vals)

    def _prepare_move_line_vals(self, entry, accounts):
        """Journal item values: amounts in the settlement currency, balances
        in the company's, the rounding of the conversion on the payout line."""
        self.ensure_one()
        company_currency = self.company_id.currency_id
        date = self.payout_date
        vals_list = []
        for line in entry.lines:
            amount = float(line.debit - line.credit)
            balance = self.currency_id._convert(
                amount, company_currency, self.company_id, date
            )
            vals_list.append(
                {
                    "name": self._oms_line_label(line),
                    "account_id": line.account,
                    "currency_id": self.currency_id.id,
                    "amount_currency": amount,
                    "balance": balance,
                    "oms_profit_role": self._oms_profit_role(line, accounts),
                }
            )
        rest = company_currency.round(sum(v["balance"] for v in vals_list))
        if rest and vals_list:
            target = max(vals_list, key=lambda v: abs(v["balance"]))
            target["balance"] -= rest
        return vals_list

    def _oms_profit_role(self, line, accounts):
        if line.role is Role.FEE and line.fee_type == "shipping":
            return "shipping"
        if line.role is Role.CLEARING:
            # sales are revenue only where no invoice made them revenue already:
            # a clearing account of income type
            account = self.env["account.account"].browse(line.account)
            return "revenue" if account.internal_group == "income" else False
        return PROFIT_ROLES.get(line.role, False)

    def _oms_line_label(self, line):
        env = self.env
        labels = {
            Role.CLEARING: env._("Sales"),
            Role.REFUND: env._("Refunds"),
            Role.FEE: env._("Fees: %(type)s", type=line.fee_type),
            Role.RESERVE: env._("Reserves"),
            Role.ADJUSTMENT: env._("Adjustments"),
            Role.PAYOUT: env._("Payout"),
        }
        if line.role is Role.SUSPENSE:
            what = line.fee_type or line.kind or ""
            label = (
                env._("To check: %(what)s", what=what)
                if what
                else env._("To check: difference")
            )
        else:
            label = labels[line.role]
        return "%s - %s" % (self.name, label)

    # Matching ----------------------------------------------------------------------

    @api.model
    def _cron_oms_match_payouts(self):
        self.search(
            [("state", "=", "posted"), ("statement_line_id", "=", False)]
        )._oms_match_payouts()

    def _oms_match_payouts(self):
        """Match posted payouts with bank statement lines; reconcile the matched
        ones, flag the others. Runs per company."""
        todo = self.filtered(
            lambda s: s.state == "posted" and s.payout_line_id and s.payout_amount
        )
        for company in todo.company_id:
            todo.filtered(lambda s, c=company: s.company_id == c)._oms_match_company()

    def _oms_match_company(self):
        company = self.company_id
        payouts = []
        for settlement in self:
            payouts.append(
                PayoutRef(
                    settlement.id,
                    _decimal(settlement.payout_amount, settlement.currency_id),
                    settlement.currency_id.name,
                    settlement.payout_date,
                    tuple(r for r in (settlement.settlement_ref,) if r),
                )
            )
        dates = [p.date for p in payouts]
        candidates = self.env["account.bank.statement.line"].search(
            [
                ("company_id", "=", company.id),
                ("is_reconciled", "=", False),
                ("amount", ">", 0),
                ("date", ">=", fields.Date.subtract(min(dates), days=1)),
                ("date", "<=", fields.Date.add(max(dates), days=MATCH_DAYS)),
            ]
        )
        bank_lines = [
            BankLine(
                line.id,
                _decimal(line.amount, line.currency_id),
                line.currency_id.name,
                line.date,
                " ".join(filter(None, (line.payment_ref, line.ref))),
            )
            for line in candidates
        ]
        results = {
            r.key: r for r in match_payouts(payouts, bank_lines, days=MATCH_DAYS)
        }
        for settlement in self:
            result = results[settlement.id]
            if result.code is MatchCode.MATCHED:
                line = candidates.browse(result.bank_line_id)
                settlement._oms_reconcile(line)
            elif result.code is MatchCode.AMBIGUOUS:
                settlement.write(
                    {
                        "match_status": "ambiguous",
                        "match_note": self.env._(
                            "%(count)s bank lines fit this payout equally: pick one.",
                            count=len(result.candidates),
                        ),
                    }
                )
            else:
                settlement.write(
                    {
                        "match_status": "no_bank_line",
                        "match_note": self.env._(
                            "No bank line of %(amount)s %(currency)s from the day "
                            "before %(date)s to %(days)s days after.",
                            amount=settlement.payout_amount,
                            currency=settlement.currency_id.name,
                            date=settlement.payout_date,
                            days=MATCH_DAYS,
                        ),
                    }
                )

    def _oms_reconcile(self, statement_line):
        """The statement line's open (suspense) part goes to the payout account
        and is reconciled with the settlement's payout line."""
        self.ensure_one()
        _liquidity, suspense, _other = statement_line._seek_for_lines()
        if len(suspense) != 1:
            raise UserError(
                self.env._(
                    "Bank line %(line)s is already reconciled.",
                    line=statement_line.display_name,
                )
            )
        move = statement_line.move_id
        move.button_draft()
        move.with_context(skip_readonly_check=True).write(
            {
                "line_ids": [
                    fields.Command.update(
                        suspense.id,
                        {
                            "account_id": self.payout_line_id.account_id.id,
                            "name": self.payout_line_id.name,
                        },
                    )
                ]
            }
        )
        move.action_post()
        (suspense | self.payout_line_id).reconcile()
        self.write(
            {
                "statement_line_id": statement_line.id,
                "state": "matched",
                "match_status": "matched",
                "match_note": False,
            }
        )


def _summed(parsed):
    """The settlement with its sales and refunds summed over orders: the entry
    has one line per role and account, not one per order."""
    groups = {}
    for (kind, fee_type, _order), amount in parsed.groups.items():
        key = (kind, fee_type, "")
        groups[key] = groups.get(key, Decimal(0)) + amount
    return dataclasses.replace(parsed, groups=groups)


def _order_totals(parsed):
    totals = {}
    for (kind, _fee, order_ref), amount in parsed.groups.items():
        if order_ref and kind in (Kind.SALE, Kind.REFUND):
            row = totals.setdefault(order_ref, {})
            row[kind.value] = format(Decimal(row.get(kind.value, 0)) + amount, "f")
    return totals


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    return value or False


def _decimal(amount, currency):
    return Decimal(format(currency.round(amount), ".%df" % currency.decimal_places))
