# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from oms_domain.settlement import AccountMap, known_fee_types

ROLES = [
    ("clearing", "Sales Clearing"),
    ("payout", "Payout (in transit to the bank)"),
    ("fee", "Fee"),
    ("refund", "Refunds"),
    ("reserve", "Reserves"),
    ("adjustment", "Adjustments"),
    ("suspense", "Suspense"),
]
# roles without which no entry can be made
REQUIRED_ROLES = ("clearing", "payout", "suspense")


class OmsSettlementAccount(models.Model):
    """Which account a settlement amount of a channel goes to, by role.

    Fees have one row per fee type; a fee type without a row lands on the
    suspense account, flagged. Refunds without a row go to sales clearing.
    """

    _name = "oms.settlement.account"
    _description = "Settlement Account Mapping"
    _order = "channel_id, role, fee_type, id"
    _check_company_auto = True

    channel_id = fields.Many2one(
        "oms.channel", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    role = fields.Selection(ROLES, required=True)
    fee_type = fields.Char(
        help="Fee type as the settlement names it (commission, fulfilment, "
        "payment...); fees only."
    )
    account_id = fields.Many2one(
        "account.account",
        required=True,
        ondelete="restrict",
        check_company=True,
        domain="[('deprecated', '=', False)]",
    )

    _sql_constraints = [
        (
            "role_uniq",
            "unique(channel_id, role, fee_type)",
            "A channel maps each settlement role (and fee type) to one account.",
        )
    ]

    @api.constrains("role", "fee_type")
    def _check_fee_type(self):
        for row in self:
            if (row.role == "fee") != bool(row.fee_type):
                raise UserError(
                    self.env._("A fee type is set on fee rows, and only on them.")
                )

    @api.constrains("role", "account_id")
    def _check_reconcilable(self):
        for row in self:
            if row.role in ("clearing", "payout") and not row.account_id.reconcile:
                raise UserError(
                    self.env._(
                        "The %(role)s account %(account)s must allow reconciliation: "
                        "payments and bank lines are matched with it.",
                        role=dict(ROLES)[row.role],
                        account=row.account_id.display_name,
                    )
                )

    # Business methods ------------------------------------------------------------

    @api.model
    def _oms_account_map(self, channel):
        """The :class:`AccountMap` (account ids) of ``channel``; the defaults of
        the roles it has no row for are created first."""
        rows = self._oms_ensure_defaults(channel)
        by_role = {}
        fees = {}
        for row in rows:
            if row.role == "fee":
                fees[row.fee_type] = row.account_id.id
            else:
                by_role[row.role] = row.account_id.id
        return AccountMap(
            clearing=by_role["clearing"],
            payout=by_role["payout"],
            suspense=by_role["suspense"],
            fees=fees,
            refund=by_role.get("refund"),
            reserve=by_role.get("reserve"),
            adjustment=by_role.get("adjustment"),
        )

    @api.model
    def _oms_ensure_defaults(self, channel):
        """Rows of ``channel``, with defaults from the company's chart for the
        roles and known fee types that have none (created as superuser: an
        accountant importing a settlement need not configure first)."""
        rows = self.sudo().search([("channel_id", "=", channel.id)])
        have = {(row.role, row.fee_type or "") for row in rows}
        defaults = self._oms_default_accounts(channel)
        vals_list = []
        for role, fee_type in [
            (role, "") for role, _label in ROLES if role != "fee"
        ] + [("fee", fee_type) for fee_type in known_fee_types()]:
            if (role, fee_type) in have or (role == "fee" and fee_type == ""):
                continue
            account = defaults.get(role)
            if not account:
                if role in REQUIRED_ROLES:
                    raise UserError(
                        self.env._(
                            "Channel %(channel)s has no %(role)s account for its "
                            "settlements and the chart of accounts of %(company)s "
                            "offers none: set one in the channel's Settlement "
                            "Accounts.",
                            channel=channel.display_name,
                            role=dict(ROLES)[role],
                            company=channel.company_id.display_name,
                        )
                    )
                continue
            vals_list.append(
                {
                    "channel_id": channel.id,
                    "role": role,
                    "fee_type": fee_type or False,
                    "account_id": account.id,
                }
            )
        if vals_list:
            rows |= self.sudo().create(vals_list)
        return rows

    @api.model
    def _oms_default_accounts(self, channel):
        """Role -> account of the company's chart (found by type)."""
        company = channel.company_id
        accounts = self.env["account.account"].sudo().with_company(company)
        domain = [
            *self.env["account.account"]._check_company_domain(company),
            ("deprecated", "=", False),
        ]

        def first(*extra):
            return accounts.search(domain + list(extra), order="code", limit=1)

        transfer = company.transfer_account_id
        # where the channel's payments wait: the clearing journal's outstanding
        # receipts, else a reconcilable current asset other than transfers
        journal = channel.sudo().oms_clearing_journal_id
        clearing = journal.inbound_payment_method_line_ids.payment_account_id[:1]
        clearing = clearing or first(
            ("account_type", "=", "asset_current"),
            ("reconcile", "=", True),
            ("id", "!=", transfer.id),
        )
        expense = first(("account_type", "=", "expense"))
        return {
            "clearing": clearing,
            "payout": transfer,
            "suspense": company.account_journal_suspense_account_id
            or first(("account_type", "=", "asset_current"), ("reconcile", "=", False)),
            "fee": expense,
            "reserve": first(
                ("account_type", "=", "asset_current"),
                ("reconcile", "=", True),
                ("id", "not in", (transfer | clearing).ids),
            ),
            "adjustment": expense,
        }
