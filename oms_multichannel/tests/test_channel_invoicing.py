# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common_accounting import ChannelAccountingCommon


@tagged("post_install", "-at_install")
class TestChannelInvoicing(ChannelAccountingCommon):
    def test_confirm_policy_invoices_ordered_quantities(self):
        order = self._order("WEB-1001", status="pending")
        self.assertEqual(order.journal_id, self.sale_journal)
        self.assertEqual(order.invoice_status, "to invoice")
        self._run(self.billing_user)
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.journal_id, self.sale_journal)
        self.assertEqual(invoice.fiscal_position_id, self.fiscal_position)
        self.assertEqual(invoice.ref, "WEB-1001")
        self.assertEqual(invoice.oms_channel_id, self.channel)
        self.assertEqual(invoice.line_ids.oms_channel_id, self.channel)
        # nothing delivered, yet the product invoiced on delivery is invoiced
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("quantity")), [1.0, 2.0]
        )
        self.assertEqual(order.invoice_status, "invoiced")
        # pending payment: no payment registered
        self.assertEqual(invoice.payment_state, "not_paid")
        # a second run has nothing left to do
        self._run(self.billing_user)
        self.assertEqual(len(order.invoice_ids), 1)

    def test_delivery_policy_invoices_what_shipped(self):
        self.channel.oms_invoice_policy = "delivery"
        order = self._order(
            "WEB-1002",
            lines=[
                (self.product, 3, 10.0),
                (self.product_b, 1, 30.0),
                (self.shipping_product, 1, 5.0),
            ],
            status="pending",
        )
        self._run()
        self.assertFalse(order.invoice_ids, "nothing shipped, nothing invoiced")
        self._deliver(order, {self.product: 1.0})
        self._run()
        first = order.invoice_ids
        self.assertEqual(first.state, "posted")
        quantities = {line.product_id: line.quantity for line in first.invoice_line_ids}
        # the product invoiced on order follows the channel: not shipped yet
        self.assertEqual(quantities, {self.product: 1.0, self.shipping_product: 1.0})
        self._deliver(order)
        self._run()
        second = order.invoice_ids - first
        self.assertEqual(
            {line.product_id: line.quantity for line in second.invoice_line_ids},
            {self.product: 2.0, self.product_b: 1.0},
        )
        self.assertEqual(order.invoice_status, "invoiced")

    def test_none_policy_is_not_invoiced(self):
        self.channel.oms_invoice_policy = "none"
        order = self._order("WEB-1003")
        self._deliver(order)
        self._run()
        self.assertFalse(order.invoice_ids)

    def test_intake_order_invoice_carries_channel_order_number(self):
        self.channel.auto_confirm = True
        intake = self._intake(self._order_data("CH-7001", payment_status="pending"))
        order = intake.sale_order_id
        self.assertEqual(order.state, "sale")
        self._run()
        self.assertEqual(order.invoice_ids.ref, order.client_order_ref or "CH-7001")
        self.assertIn("CH-7001", order.invoice_ids.ref)

    def test_one_failing_order_does_not_stop_the_batch(self):
        broken_receivable = self.env["account.account"].create(
            {
                "name": "Closed receivable",
                "code": "TCLOSED1",
                "account_type": "asset_receivable",
                "reconcile": True,
                "deprecated": True,
            }
        )
        bad_customer = self.env["res.partner"].create(
            {
                "name": "Broken Customer",
                "property_account_receivable_id": broken_receivable.id,
            }
        )
        bad = self._order("WEB-1004", partner_id=bad_customer.id, status="pending")
        good = self._order("WEB-1005", status="pending")
        done = self._run(self.billing_user)
        self.assertEqual(done, good)
        self.assertEqual(good.invoice_ids.state, "posted")
        self.assertFalse(bad.invoice_ids, "its savepoint was rolled back")
        self.assertTrue(bad.oms_invoice_error)
        self.assertIn(bad.oms_invoice_error, bad.message_ids[0].body)
        # skipped until someone deals with it
        self.assertFalse(self._run(self.billing_user))
        bad_customer.property_account_receivable_id = (
            self.customer.property_account_receivable_id
        )
        bad.with_user(self.billing_user).action_oms_retry_invoicing()
        self.assertFalse(bad.oms_invoice_error)
        self.assertEqual(self._run(self.billing_user), bad)
        self.assertEqual(bad.invoice_ids.state, "posted")

    def test_scheduled_job_runs_a_batch(self):
        orders = self._order("WEB-1006", status="pending") | self._order(
            "WEB-1007", status="pending"
        )
        done = self.env["sale.order"]._cron_oms_channel_invoicing(batch_size=1)
        self.assertEqual(len(done), 1)
        self.env["sale.order"]._cron_oms_channel_invoicing(batch_size=1)
        self.assertTrue(all(order.invoice_ids for order in orders))
        cron = self.env.ref("oms_multichannel.ir_cron_oms_channel_invoicing")
        self.assertTrue(cron.active)


@tagged("post_install", "-at_install")
class TestChannelAccountingAccess(ChannelAccountingCommon):
    def test_billing_user_reads_but_cannot_change_settings(self):
        channel = self.channel.with_user(self.billing_user)
        self.assertEqual(channel.oms_clearing_journal_id, self.clearing_journal)
        with self.assertRaises(AccessError):
            channel.write({"oms_invoice_policy": "none"})
        with self.assertRaises(AccessError):
            channel.write({"oms_clearing_journal_id": False})

    def test_account_manager_changes_accounting_settings_only(self):
        manager = new_test_user(
            self.env,
            login="oms_acct_manager",
            groups="base.group_user,account.group_account_manager",
        )
        channel = self.channel.with_user(manager)
        channel.write({"oms_invoice_policy": "delivery"})
        self.assertEqual(self.channel.oms_invoice_policy, "delivery")
        with self.assertRaises(AccessError):
            channel.write({"name": "Renamed"})

    def test_oms_manager_cannot_change_accounting_settings(self):
        oms_manager = new_test_user(
            self.env,
            login="oms_plain_manager",
            groups="oms_multichannel.group_oms_multichannel_manager",
        )
        channel = self.channel.with_user(oms_manager)
        channel.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            channel.write({"oms_invoice_policy": "none"})

    def test_salesman_cannot_read_journals(self):
        channel = self.channel.with_user(self.salesman)
        self.assertEqual(channel.oms_invoice_policy, "confirm")
        with self.assertRaises(AccessError):
            channel.read(["oms_clearing_journal_id"])
        with self.assertRaises(AccessError):
            channel.read(["oms_invoice_journal_id"])
        # a salesman's order still gets the channel's journal
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "channel_id": self.channel.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        self.assertEqual(order.sudo().journal_id, self.sale_journal)

    def test_salesman_cannot_run_invoicing(self):
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(
                self.salesman
            ).action_oms_run_channel_invoicing()

    def test_other_company_user_sees_nothing(self):
        company_b = self.env["res.company"].create({"name": "OMS Company B"})
        user_b = new_test_user(
            self.env,
            login="oms_billing_b",
            groups="base.group_user,account.group_account_invoice",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        order = self._order("WEB-1008")
        self._run()
        channels = self.env["oms.channel"].with_user(user_b).search([])
        self.assertNotIn(self.channel, channels)
        self.assertFalse(
            self.env["account.move"]
            .with_user(user_b)
            .search([("id", "in", order.invoice_ids.ids)])
        )
        # the job run by B leaves A's orders alone
        other = self._order("WEB-1009", status="pending")
        self._run(user_b)
        self.assertFalse(other.invoice_ids)

    def test_screens_per_role(self):
        def form_arch(model, user):
            views = self.env[model].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        self.assertIn(
            "oms_clearing_journal_id", form_arch("oms.channel", self.billing_user)
        )
        self.assertNotIn(
            "oms_clearing_journal_id", form_arch("oms.channel", self.salesman)
        )
        self.assertIn("oms_invoice_error", form_arch("sale.order", self.billing_user))
        manager = new_test_user(
            self.env,
            login="oms_acct_form_manager",
            # the channel form shows its availability: salesmen's reading
            groups="account.group_account_manager,sales_team.group_sale_salesman",
        )
        with Form(self.channel.with_user(manager)) as form:
            form.oms_invoice_policy = "delivery"
        self.assertEqual(self.channel.oms_invoice_policy, "delivery")

    def test_orders_of_two_channels_never_share_an_invoice(self):
        other_channel = self.env["oms.channel"].create(
            {"name": "Other Shop", "code": "TOTHER", "oms_invoice_policy": "none"}
        )
        first = self._order("WEB-1010", status="pending")
        second = self._order("OTH-1", status="pending", channel=other_channel)
        plain = self._order("WEB-1011", status="pending", channel=self.channel)
        plain.channel_id = False
        invoices = (first | second | plain)._create_invoices()
        self.assertEqual(len(invoices), 3)
        self.assertEqual(
            set(invoices.mapped("oms_channel_id")), {self.channel, other_channel}
        )
