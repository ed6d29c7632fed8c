# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import trap_jobs
from .common_settlement import SettlementCommon


@tagged("post_install", "-at_install")
class TestShopifyPayouts(SettlementCommon, TransactionCase):
    """Payouts and balance transactions read from the Shopify sandbox (a real
    HTTP server on 127.0.0.1) over the REST endpoints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_settlement_data()
        cls.payout_user = new_test_user(
            cls.env,
            login="settle_payout_user",
            groups="base.group_user,account.group_account_invoice,"
            "oms_marketplace_connectors.group_oms_marketplace_connectors_user",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )

    def setUp(self):
        super().setUp()
        from oms_sandbox import ShopifySandbox  # noqa: PLC0415

        self.sandbox = ShopifySandbox(currency="USD", validate=False).start()
        self.addCleanup(self.sandbox.stop)
        self.account = self.env["oms.connector.account"].create(
            {
                "name": "Shopify payouts",
                "code": "shopify_payouts",
                "channel_id": self.channel.id,
                "api_url": self.sandbox.url,
                "access_token": "sandbox-token",
                "allow_private": True,
                "timeout": 2.0,
                "import_payouts": True,
            }
        )

    def _run(self, user=None):
        return self.account.with_user(user or self.payout_user)._oms_import_payouts()

    def test_payouts_become_settlements_once(self):
        first = self.sandbox.add_payout(
            [
                ("charge", "100.00", 5001),
                ("charge", "59.90", 5002),
                ("refund", "-20.00", 5001),
                ("reserve", "-10.00", None),
                ("adjustment", "-1.50", None),
            ]
        )
        # more rows than a page: the Link header is followed
        second = self.sandbox.add_payout(
            [("charge", "10.00", 6000 + n) for n in range(260)]
        )
        self.assertEqual(self._run(), 2)
        settlements = self.env["oms.settlement"].search(
            [("connector_account_id", "=", self.account.id)]
        )
        self.assertEqual(len(settlements), 2)
        by_ref = {s.settlement_ref: s for s in settlements}
        one = by_ref[str(first["id"])]
        self.assertEqual(one.state, "posted")
        self.assertEqual(one.source, "shopify")
        self.assertAlmostEqual(one.payout_amount, float(first["amount"]), 2)
        self.assertEqual(one.difference, 0.0)
        self.assertEqual(one.move_id.oms_channel_id, self.channel)
        two = by_ref[str(second["id"])]
        self.assertEqual(two.row_count, 261 * 2 - 1)
        self.assertEqual(two.order_count, 260)
        self.assertEqual(two.state, "posted")
        # the next run asks for the payouts again, fetches no transactions
        calls = len(self.sandbox.calls)
        self.assertEqual(self._run(), 0)
        self.assertEqual(len(self.sandbox.calls), calls + 1)
        self.assertEqual(
            self.env["oms.settlement"].search_count(
                [("connector_account_id", "=", self.account.id)]
            ),
            2,
        )

    def test_button_queues_one_job(self):
        with trap_jobs() as trap:
            self.account.with_user(self.payout_user).action_import_payouts()
            self.account.with_user(self.payout_user).action_import_payouts()
            trap.assert_jobs_count(1, only=self.account._oms_import_payouts)

    def test_only_accounting_users_import_payouts(self):
        connector_user = new_test_user(
            self.env,
            login="settle_connector_only",
            groups="base.group_user,"
            "oms_marketplace_connectors.group_oms_marketplace_connectors_user",
            company_id=self.company_a.id,
            company_ids=[(6, 0, self.company_a.ids)],
        )
        with self.assertRaises(AccessError):
            self.account.with_user(connector_user).action_import_payouts()
        with self.assertRaises(AccessError):
            self._run(connector_user)

    def test_shopify_down_is_retried_bad_token_is_an_error(self):
        from odoo.addons.queue_job.exception import RetryableJobError  # noqa: PLC0415

        self.sandbox.add_payout([("charge", "10.00", 1)])
        self.sandbox.inject("status", status=503)
        with self.assertRaises(RetryableJobError):
            self._run()
        self.account.access_token = "wrong"
        with self.assertRaises(UserError):
            self._run()
        self.assertFalse(
            self.env["oms.settlement"].search(
                [("connector_account_id", "=", self.account.id)]
            )
        )
