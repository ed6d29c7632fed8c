# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from oms_domain.connector import ConnectorError

from .common import ShopifySandboxMixin

PREFIX = "oms_marketplace_connectors.group_oms_marketplace_connectors"


@tagged("post_install", "-at_install")
class TestConnectorAccount(ShopifySandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shopify_data()
        cls.oms_user = new_test_user(
            cls.env,
            login="oms_conn_oms_user",
            groups="sales_team.group_sale_salesman,oms_multichannel.group_oms_multichannel_user",
        )
        cls.connector_user = new_test_user(
            cls.env, login="oms_conn_user", groups="%s_user" % PREFIX
        )
        cls.connector_manager = new_test_user(
            cls.env, login="oms_conn_manager", groups="%s_manager" % PREFIX
        )

    def setUp(self):
        super().setUp()
        self._setup_shopify()

    def test_test_connection_says_plainly_whether_it_works(self):
        result = self.account.with_user(self.connector_manager).action_test_connection()
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn("OMS Sandbox", result["params"]["message"])
        self.assertEqual(self.account.health, "ok")
        self.account.access_token = "wrong"
        result = self.account.with_user(self.connector_manager).action_test_connection()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("access token was refused", result["params"]["message"])
        self.assertNotIn("wrong", result["params"]["message"])
        self.assertEqual(self.account.health, "error")
        self.assertNotIn("wrong", self.account.sudo().last_error_detail)

    def test_private_addresses_need_the_manager_flag(self):
        with self.assertRaises(ValidationError):
            self.account.allow_private = False
        with self.assertRaises(ValidationError):
            self.account.api_url = "ftp://example.com"
        # Saved before the rule, or a name that now resolves elsewhere: the
        # call is refused too.
        self.env.cr.execute(
            "UPDATE oms_connector_account SET allow_private = false WHERE id = %s",
            (self.account.id,),
        )
        self.account.invalidate_recordset()
        result = self.account.action_test_connection()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("not allowed", result["params"]["message"])
        self.assertFalse(self.sandbox.calls)

    def test_only_connector_managers_test_connections(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.connector_user).action_test_connection()
        with self.assertRaises(AccessError):
            self.account.with_user(self.oms_user).action_auto_bind()

    def test_credentials_are_for_connector_managers_only(self):
        for user in (self.oms_user, self.connector_user):
            account = self.account.with_user(user)
            self.assertEqual(account.name, "Shopify test account")
            for field in ("access_token", "webhook_secret", "api_url", "webhook_token"):
                with self.assertRaises(AccessError):
                    account.read([field])
            with self.assertRaises(AccessError):
                account.write({"name": "renamed"})
        manager = self.account.with_user(self.connector_manager)
        self.assertEqual(manager.access_token, "sandbox-token")
        manager.access_token = "new-token"
        self.assertEqual(self.account.access_token, "new-token")

    def test_one_job_channel_per_account(self):
        channel = self.env["queue.job.channel"].search(
            [("complete_name", "=", "root.oms.shopify_test")]
        )
        self.assertTrue(channel)
        with self.assertRaises(ValidationError):
            self.account.code = "Not Valid!"

    def test_limiter_state_is_shared_and_honours_retry_after(self):
        limiter = self.account._oms_limiter()
        self.assertEqual(limiter.acquire(100, "orders"), 0)
        limiter.block(30)
        wait = self.account._oms_limiter().acquire(1, "orders")
        self.assertGreater(wait, 25)
        self.sandbox.inject("status", status=429, retry_after=7)
        limiter._update(lambda bucket, now: (bucket.__class__(), None))
        with self.assertRaises(ConnectorError) as caught:
            self.account._oms_backend().call("shop")
        self.assertEqual(caught.exception.retry_after, 7)
        self.assertGreater(self.account._oms_limiter().acquire(1, "orders"), 5)

    def test_throttled_job_is_postponed_for_the_asked_time(self):
        self.sandbox.inject("status", status=429, retry_after=42)
        from odoo.addons.queue_job.exception import RetryableJobError  # noqa: PLC0415

        with self.assertRaises(RetryableJobError) as caught:
            self.account._oms_import_page()
        self.assertEqual(caught.exception.seconds, 42)

    def test_auto_bind_reports_what_did_not_match(self):
        self.sandbox.add_variant("UNKNOWN-SKU")
        result = self.account.action_auto_bind()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("3 variants bound", self.account.auto_bind_report)
        self.assertIn("UNKNOWN-SKU", self.account.auto_bind_report)
        bindings = self.account.product_binding_ids
        self.assertEqual(bindings.product_id, self.shop_products)
        variant = self.sandbox.variant_by_sku("SHOP-A")
        binding = bindings.filtered(lambda b: b.sku == "SHOP-A")
        self.assertEqual(binding.external_id, str(variant["id"]))
        self.assertEqual(binding.inventory_item_id, str(variant["inventory_item_id"]))
        # Again: nothing duplicated.
        self.account.action_auto_bind()
        self.assertEqual(len(self.account.product_binding_ids), 3)

    def test_fetch_locations(self):
        self.sandbox.add_location("Second shop")
        self.account.action_fetch_locations()
        self.assertEqual(
            sorted(self.account.location_binding_ids.mapped("name")),
            ["Sandbox Warehouse", "Second shop"],
        )

    def test_unreadable_answers_are_retryable_connector_errors(self):
        for kind in ("malformed", "truncated"):
            self.sandbox.inject(kind)
            with self.assertRaises(ConnectorError) as caught:
                self.account._oms_backend().call("shop")
            self.assertTrue(caught.exception.retryable)
        self.sandbox.inject("status", status=500)
        with self.assertRaises(UserError):
            # Outside a job: retryable errors still become a clear message.
            self.account.action_auto_bind()
