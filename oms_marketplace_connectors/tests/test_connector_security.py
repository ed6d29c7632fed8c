# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

PREFIX = "oms_marketplace_connectors.group_oms_marketplace_connectors"


@tagged("post_install", "-at_install")
class TestConnectorSecurity(TransactionCase):
    """Low-rights users calling the ORM the way RPC does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.channel = cls.env["oms.channel"].create({"name": "Sec", "code": "SEC"})
        cls.account = cls.env["oms.connector.account"].create(
            {
                "name": "Sec account",
                "code": "sec_account",
                "channel_id": cls.channel.id,
                "api_url": "https://sec.example.com",
                "access_token": "tok-SECRET",
                "webhook_secret": "whs-SECRET",
            }
        )
        cls.event = cls.env["oms.connector.event"].create(
            {
                "account_id": cls.account.id,
                "delivery_id": "d-1",
                "topic": "orders/create",
                "body": "{}",
                "state": "failed",
                "error": "boom",
            }
        )
        product = cls.env["product.product"].create(
            {"name": "Sec", "default_code": "SEC"}
        )
        cls.binding = cls.env["oms.connector.product.binding"].create(
            {"account_id": cls.account.id, "product_id": product.id, "external_id": "9"}
        )
        other_channel = cls.env["oms.channel"].create(
            {"name": "Other", "code": "OTH", "company_id": cls.other_company.id}
        )
        cls.other_account = cls.env["oms.connector.account"].create(
            {
                "name": "Other account",
                "code": "other_account",
                "channel_id": other_channel.id,
            }
        )
        cls.salesman = new_test_user(
            cls.env, login="sec_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.portal = new_test_user(
            cls.env, login="sec_portal", groups="base.group_portal"
        )
        cls.oms_user = new_test_user(
            cls.env,
            login="sec_oms_user",
            groups="sales_team.group_sale_salesman,oms_multichannel.group_oms_multichannel_user",
        )
        cls.connector_user = new_test_user(
            cls.env, login="sec_connector_user", groups="%s_user" % PREFIX
        )
        cls.manager = new_test_user(
            cls.env, login="sec_connector_manager", groups="%s_manager" % PREFIX
        )

    def _rpc_read(self, user, record, fields):
        return record.with_user(user).read(fields)

    def test_portal_and_plain_salesmen_see_nothing(self):
        for user in (self.portal, self.salesman):
            for record in (self.account, self.event, self.binding):
                with self.assertRaises(AccessError):
                    self._rpc_read(user, record, ["display_name"])

    def test_oms_users_read_events_and_bindings_but_never_credentials(self):
        for user in (self.oms_user, self.connector_user):
            self._rpc_read(user, self.event, ["body", "error", "state"])
            self._rpc_read(user, self.binding, ["external_id", "product_id"])
            self._rpc_read(user, self.account, ["name", "health", "last_error"])
            for field in ("access_token", "webhook_secret", "last_error_detail"):
                with self.assertRaises(AccessError):
                    self._rpc_read(user, self.account, [field])
            with self.assertRaises(AccessError):
                self.binding.with_user(user).write({"external_id": "10"})
            with self.assertRaises(AccessError):
                self.event.with_user(user).write({"state": "done"})
            with self.assertRaises(AccessError):
                self.env["oms.connector.account"].with_user(user).create(
                    {"name": "x", "code": "x", "channel_id": self.channel.id}
                )
            # Whatever the RPC tries, the token never leaves as a value.
            values = (
                self.env["oms.connector.account"]
                .with_user(user)
                .search_read([("id", "=", self.account.id)])
            )
            self.assertNotIn("tok-SECRET", str(values))

    def test_retry_needs_a_connector_user(self):
        with self.assertRaises(UserError):
            self.event.with_user(self.oms_user).action_retry()
        self.event.with_user(self.connector_user).action_retry()
        self.assertEqual(self.event.state, "pending")

    def test_other_company_records_are_invisible(self):
        accounts = self.env["oms.connector.account"].with_user(self.manager).search([])
        self.assertIn(self.account, accounts)
        self.assertNotIn(self.other_account, accounts)
        with self.assertRaises(AccessError):
            self._rpc_read(self.manager, self.other_account, ["name"])

    def test_managers_manage(self):
        account = self.account.with_user(self.manager)
        self.assertEqual(account.access_token, "tok-SECRET")
        account.write({"webhook_secret": "new"})
        self.binding.with_user(self.manager).write({"external_id": "11"})
