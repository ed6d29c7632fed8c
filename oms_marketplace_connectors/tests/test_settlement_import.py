# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common_settlement import SettlementCommon, amazon_file, fixture_bytes

ORDER_ROWS = [
    ("Order", "111-0000001-0000001", "ItemPrice", "Principal", "100.00"),
    ("Order", "111-0000001-0000001", "ItemFees", "Commission", "-15.00"),
    ("Order", "111-0000002-0000002", "ItemPrice", "Principal", "50.00"),
    ("Order", "111-0000002-0000002", "ItemFees", "Commission", "-7.50"),
]


@tagged("post_install", "-at_install")
class TestSettlementImport(SettlementCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_settlement_data()

    def _balance(self, settlement, role):
        lines = settlement.move_id.line_ids.filtered(
            lambda line: line.oms_profit_role == role
        )
        return round(sum(lines.mapped("balance")), 2)

    def _assert_balanced(self, settlement):
        move = settlement.move_id
        self.assertTrue(move)
        self.assertAlmostEqual(
            sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")), 2
        )

    # Formats, to the cent ---------------------------------------------------------

    def test_amazon_report_reconciles_to_the_cent(self):
        settlement = self._import(fixture_bytes("amazon_v2.txt"), "amazon_v2")
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.currency_id.name, "USD")
        self.assertAlmostEqual(settlement.payout_amount, 61.53, 2)
        self.assertEqual(settlement.difference, 0.0)
        self.assertFalse(settlement.has_problems, settlement.problems)
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.oms_channel_id, self.channel)
        self.assertEqual(move.company_id, self.company_a)
        self._assert_balanced(settlement)
        # the payout waits on its (reconcilable) account to meet the bank line
        self.assertEqual(self._balance(settlement, "payout"), 61.53)
        self.assertTrue(settlement.payout_line_id.account_id.reconcile)
        # summed per role and account, not per row
        self.assertLess(len(move.line_ids), 12)
        self.assertEqual(self._balance(settlement, "reserve"), 15.0)
        self.assertEqual(self._balance(settlement, "shipping"), 2.5)
        self.assertTrue(self._balance(settlement, "fee") > 0)
        self.assertEqual(settlement.order_count, 2)
        self.assertEqual(
            settlement.order_totals["112-1234567-7654321"]["refund"], "-20.00"
        )
        self.assertEqual(settlement.attachment_id.raw, fixture_bytes("amazon_v2.txt"))
        self.assertEqual(round(sum(settlement.line_ids.mapped("amount")), 2), 0.0)

    def test_stripe_balance_report_in_another_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2026-11-01",
                "rate": 0.9,
                "currency_id": eur.id,
                "company_id": self.company_a.id,
            }
        )
        settlement = self._import(fixture_bytes("stripe_balance.csv"), "stripe_balance")
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.currency_id, eur)
        self.assertAlmostEqual(settlement.payout_amount, 67.61, 2)
        self._assert_balanced(settlement)
        payout = settlement.payout_line_id
        self.assertAlmostEqual(payout.amount_currency, 67.61, 2)
        self.assertAlmostEqual(payout.balance, round(67.61 / 0.9, 2), delta=0.02)

    def test_shopify_payout_file(self):
        transactions = json.loads(fixture_bytes("shopify_transactions_rest.json"))
        payout = json.loads(fixture_bytes("shopify_payout_rest.json"))["payouts"][0]
        data = json.dumps(dict(transactions, payout=payout)).encode()
        settlement = self._import(data, "shopify_payout")
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.settlement_ref, "623721858")
        self.assertAlmostEqual(settlement.payout_amount, 123.16, 2)
        self._assert_balanced(settlement)
        self.assertEqual(self._balance(settlement, "refund"), 20.0)

    # Problems ------------------------------------------------------------------------

    def test_unknown_fee_type_lands_on_suspense_with_a_message(self):
        rows = ORDER_ROWS + [
            ("Order", "111-0000002-0000002", "ItemFees", "NewFancyFee", "-1.23")
        ]
        settlement = self._import(amazon_file(rows, "126.27"), "amazon_v2")
        self.assertEqual(settlement.state, "posted")
        self.assertTrue(settlement.has_problems)
        self.assertIn("new_fancy_fee", settlement.problems)
        self.assertIn("suspense", settlement.problems)
        suspense = settlement.move_id.line_ids.filtered(
            lambda line: line.oms_profit_role == "suspense"
        )
        self.assertEqual(
            suspense.account_id, self.company_a.account_journal_suspense_account_id
        )
        self.assertAlmostEqual(suspense.balance, 1.23, 2)
        line = settlement.line_ids.filtered(lambda line: line.role == "suspense")
        self.assertEqual(line.problem, "unknown_fee_type")
        self._assert_balanced(settlement)

    def test_difference_is_flagged_never_forced(self):
        settlement = self._import(amazon_file(ORDER_ROWS, "130.00"), "amazon_v2")
        self.assertEqual(settlement.state, "difference")
        self.assertAlmostEqual(settlement.difference, -2.5, 2)
        self.assertEqual(settlement.move_id.state, "draft")
        self.assertIn("2.50", settlement.problems)
        suspense = settlement.move_id.line_ids.filtered(
            lambda line: line.oms_profit_role == "suspense"
        )
        self.assertAlmostEqual(suspense.balance, -2.5, 2)
        self._assert_balanced(settlement)
        # matching leaves it alone
        settlement.with_user(self.accountant).action_match_payout()
        self.assertEqual(settlement.match_status, "none")

    def test_same_settlement_twice_changes_nothing(self):
        data = amazon_file(ORDER_ROWS, "127.50")
        first = self._import(data, "amazon_v2")
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "already been imported"):
            self._import(data, "amazon_v2")
        # the same lines in another order are the same settlement
        with self.assertRaisesRegex(UserError, "already been imported"):
            self._import(amazon_file(ORDER_ROWS[::-1], "127.50"), "amazon_v2")
        other = amazon_file(ORDER_ROWS[:2], "85.00")
        with self.assertRaisesRegex(UserError, "other amounts"):
            self._import(other, "amazon_v2")
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(
            self.env["oms.settlement"].search_count(
                [("channel_id", "=", self.channel.id)]
            ),
            1,
        )
        self.assertEqual(first.state, "posted")

    def test_unreadable_file_is_refused_with_the_reason(self):
        with self.assertRaisesRegex(UserError, "Columns missing|cannot be read"):
            self._import(b"foo\tbar\r\n1\t2\r\n", "amazon_v2")
        with self.assertRaisesRegex(UserError, "not JSON"):
            self._import(b"{oops", "shopify_payout")

    # Matching with the bank ---------------------------------------------------------

    def _bank_line(self, amount, day, label, company=None):
        company = company or self.company_a
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": journal.id,
                "date": day,
                "amount": amount,
                "payment_ref": label,
            }
        )

    def test_payout_matched_with_the_bank_statement_line(self):
        settlement = self._import(amazon_file(ORDER_ROWS, "127.50"), "amazon_v2")
        self._bank_line(127.50, "2026-11-30", "AMAZON far away")
        bank = self._bank_line(127.50, "2026-11-18", "AMAZON PAYMENTS 900001")
        self._bank_line(127.49, "2026-11-18", "AMAZON 900001")
        settlement.with_user(self.accountant).action_match_payout()
        self.assertEqual(settlement.state, "matched")
        self.assertEqual(settlement.statement_line_id, bank)
        self.assertTrue(bank.is_reconciled)
        self.assertTrue(settlement.payout_line_id.reconciled)

    def test_ambiguous_bank_lines_are_left_to_the_accountant(self):
        settlement = self._import(amazon_file(ORDER_ROWS, "127.50"), "amazon_v2")
        one = self._bank_line(127.50, "2026-11-18", "transfer")
        two = self._bank_line(127.50, "2026-11-18", "transfer")
        self.env["oms.settlement"]._cron_oms_match_payouts()
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.match_status, "ambiguous")
        self.assertFalse(one.is_reconciled or two.is_reconciled)

    def test_no_bank_line_yet(self):
        settlement = self._import(amazon_file(ORDER_ROWS, "127.50"), "amazon_v2")
        settlement.with_user(self.accountant).action_match_payout()
        self.assertEqual(settlement.match_status, "no_bank_line")
        self.assertIn("127.5", settlement.match_note)

    # Rights -------------------------------------------------------------------------

    def test_other_company_sees_nothing_and_salesman_is_denied(self):
        settlement = self._import(amazon_file(ORDER_ROWS, "127.50"), "amazon_v2")
        self.assertEqual(settlement.create_uid, self.accountant)
        settlements = self.env["oms.settlement"].with_user(self.accountant_b)
        self.assertFalse(settlements.search([]))
        with self.assertRaises(AccessError):
            settlements.browse(settlement.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["oms.settlement"].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            self._import(
                amazon_file(ORDER_ROWS, "127.50", settlement_id="2"),
                "amazon_v2",
                user=self.salesman,
            )
        # mapping rows: the accountant reads them, cannot change them
        rows = (
            self.env["oms.settlement.account"]
            .with_user(self.accountant)
            .search([("channel_id", "=", self.channel.id)])
        )
        self.assertTrue(rows)
        with self.assertRaises(AccessError):
            rows[:1].write({"account_id": rows[1].account_id.id})

    def test_same_key_in_two_companies_is_two_settlements(self):
        channel_b = self.env["oms.channel"].create(
            {
                "name": "Marketplace B",
                "code": "MKT_A",
                "channel_type": "marketplace",
                "company_id": self.company_b.id,
            }
        )
        data = amazon_file(ORDER_ROWS, "127.50")
        first = self._import(data, "amazon_v2")
        second = self._import(
            data, "amazon_v2", user=self.accountant_b, channel=channel_b
        )
        self.assertNotEqual(first, second)
        self.assertEqual(second.company_id, self.company_b)
        self.assertEqual(second.move_id.company_id, self.company_b)

    def test_payout_date_and_period(self):
        settlement = self._import(amazon_file(ORDER_ROWS, "127.50"), "amazon_v2")
        self.assertEqual(settlement.payout_date, fields.Date.to_date("2026-11-17"))
        self.assertEqual(settlement.date_start, fields.Date.to_date("2026-11-01"))
        self.assertEqual(settlement.move_id.date, fields.Date.to_date("2026-11-17"))

    def test_settlement_settings_are_the_accounting_managers(self):
        journal = self.env["account.journal"].create(
            {
                "name": "Marketplace settlements",
                "code": "MKTS",
                "type": "general",
                "company_id": self.company_a.id,
            }
        )
        manager = self.env["res.users"].create(
            {
                "name": "Accounting manager A",
                "login": "settle_manager_a",
                "company_id": self.company_a.id,
                "company_ids": [(6, 0, self.company_a.ids)],
                "groups_id": [
                    (6, 0, self.env.ref("account.group_account_manager").ids)
                ],
            }
        )
        with self.assertRaises(AccessError):
            self.channel.with_user(self.accountant).write(
                {"oms_settlement_journal_id": journal.id}
            )
        self.channel.with_user(manager).write({"oms_settlement_journal_id": journal.id})
        settlement = self._import(amazon_file(ORDER_ROWS, "127.50"), "amazon_v2")
        self.assertEqual(settlement.move_id.journal_id, journal)
