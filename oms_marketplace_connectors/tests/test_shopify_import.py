# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.exception import RetryableJobError

from oms_domain.shopify import order_from_rest
from oms_sandbox.graphql_exec import schema_path

from .common import ShopifySandboxMixin, trap_jobs


@tagged("post_install", "-at_install")
class TestShopifyImport(ShopifySandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shopify_data()

    def setUp(self):
        super().setUp()
        self._setup_shopify()
        self._bind_products()

    def _poll_all(self, max_pages=50):
        """Run the import pages as the job runner would, one after the other."""
        pages = 0
        while pages < max_pages:
            self.account._oms_import_page()
            pages += 1
            if not json.loads(self.account.poll_state).get("since"):
                return pages
        raise AssertionError("the import never ended")

    def _event(self, topic, order_id, delivery_id=None):
        from oms_domain.webhooks import Delivery, safe_headers  # noqa: PLC0415

        body, headers = self.sandbox.webhook_request(
            topic, order_id, delivery_id=delivery_id
        )
        delivery = Delivery(
            body,
            headers["X-Shopify-Hmac-Sha256"],
            headers["X-Shopify-Webhook-Id"],
            topic,
        )
        return self.env["oms.connector.event"]._oms_store(
            self.account, delivery, safe_headers(headers)
        )

    def test_polling_imports_every_page_and_moves_the_watermark(self):
        ids = [
            self.sandbox.create_order([("SHOP-A", 1), ("SHOP-B", 2)], customer=n)["id"]
            for n in range(20)
        ]
        pages = self._poll_all()
        self.assertEqual(pages, 3)  # 8 orders a page
        orders = self._orders_of_channel()
        self.assertEqual(len(orders), 20)
        self.assertEqual(
            sorted(orders.mapped("channel_order_ref")), sorted(map(str, ids))
        )
        order = orders.filtered(lambda o: o.channel_order_ref == str(ids[0]))
        self.assertEqual(order.amount_total, 35.0)  # 10 + 2 x 10 + 5 shipping
        self.assertEqual(order.intake_id.state, "done")
        state = json.loads(self.account.poll_state)
        self.assertTrue(state["watermark"])
        self.assertFalse(state.get("cursor"))
        # Nothing new: a run takes nothing in twice.
        self._poll_all()
        self.assertEqual(len(self._orders_of_channel()), 20)
        bindings = self.env["oms.connector.order.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(len(bindings), 20)
        self.assertEqual(
            len(
                self.env["oms.connector.partner.binding"].search(
                    [("account_id", "=", self.account.id)]
                )
            ),
            20,
        )

    def test_one_job_per_page_is_enqueued(self):
        for n in range(9):
            self.sandbox.create_order([("SHOP-A", 1)], customer=n)
        with trap_jobs() as trap:
            self.account.action_import_now()
            trap.assert_jobs_count(1, only=self.account._oms_import_page)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.channel, "root.oms.shopify_test")
            self.assertEqual(job.priority, 10)
            trap.perform_enqueued_jobs()
            # The first page asked for the second one, after its cursor.
            trap.assert_jobs_count(1, only=self.account._oms_import_page)
            cursor = json.loads(self.account.poll_state)["cursor"]
            self.assertEqual(
                trap.enqueued_jobs[0].identity_key,
                "oms_poll:%s:%s" % (self.account.id, cursor),
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self._orders_of_channel()), 9)

    def test_sandbox_restart_mid_import_resumes_without_gap_or_duplicate(self):
        ids = [
            self.sandbox.create_order([("SHOP-C", 1)], customer=n)["id"]
            for n in range(20)
        ]
        self.account._oms_import_page()
        cursor = json.loads(self.account.poll_state)["cursor"]
        self.assertTrue(cursor)
        self.sandbox.stop()
        with self.assertRaises(RetryableJobError):
            self.account._oms_import_page()
        self.assertEqual(json.loads(self.account.poll_state)["cursor"], cursor)
        self.sandbox.start()  # same port, same state
        # An order changed while the import was down comes in too.
        self.sandbox.touch(ids[0], note="gift wrap")
        self._poll_all()
        orders = self._orders_of_channel()
        self.assertEqual(
            sorted(orders.mapped("channel_order_ref")), sorted(map(str, ids))
        )
        self.assertEqual(len(orders), 20)
        first = orders.filtered(lambda o: o.channel_order_ref == str(ids[0]))
        self.assertEqual(first.note and "gift wrap" in str(first.note), True)

    def test_429_storm_postpones_by_retry_after_and_loses_nothing(self):
        for n in range(10):
            self.sandbox.create_order([("SHOP-A", 1)], customer=n)
        self.sandbox.inject("status", status=429, retry_after=3, count=4)
        delays = []
        for _attempt in range(4):
            with self.assertRaises(RetryableJobError) as caught:
                self.account._oms_import_page()
            delays.append(caught.exception.seconds)
            # The job runner waits: the account's bucket is free again.
            self.account._oms_limiter()._update(
                lambda bucket, now: (bucket.__class__(), None)
            )
        self.assertEqual(delays, [3, 3, 3, 3])
        self._poll_all()
        self.assertEqual(len(self._orders_of_channel()), 10)

    def test_webhook_and_polling_of_the_same_order_make_one_sale_order(self):
        order = self.sandbox.create_order([("SHOP-B", 3)])
        event = self._event("orders/create", order["id"])
        self.assertEqual(event._oms_process(), "done")
        self._poll_all()
        again = self._event("orders/updated", order["id"])
        # The same version a third time: nothing to do.
        self.assertEqual(again._oms_process(), "ignored")
        # A person replays it: taken in again, still one order.
        again.action_replay()
        self.assertTrue(again.replay)
        self.assertEqual(again._oms_process(), "done")
        self.assertFalse(again.replay)
        orders = self._orders_of_channel()
        self.assertEqual(len(orders), 1)
        line = orders.order_line.filtered(
            lambda line: line.product_id in self.shop_products
        )
        self.assertEqual(line.product_uom_qty, 3)

    def test_lines_resolve_through_bindings_before_sku(self):
        if "oms.intake.resolver" not in self.env:
            self.skipTest("needs the intake resolution service (issue 9)")
        binding = self.account.product_binding_ids.filtered(lambda b: b.sku == "SHOP-A")
        order = self.sandbox.create_order([("SHOP-A", 1)])
        order["line_items"][0]["sku"] = "RENAMED-ON-SHOPIFY"
        event = self._event("orders/create", order["id"])
        event._oms_process()
        sale = self._orders_of_channel()
        self.assertEqual(
            sale.order_line.product_id.filtered("is_storable"),
            binding.product_id,
        )

    def test_cancellation_on_shopify_cancels_the_sale_order(self):
        order = self.sandbox.create_order([("SHOP-A", 1)])
        self._event("orders/create", order["id"])._oms_process()
        sale = self._orders_of_channel()
        sale.action_confirm()
        self.sandbox.cancel_order(order["id"])
        self._event("orders/cancelled", order["id"])._oms_process()
        self.assertEqual(sale.state, "cancel")

    def test_refund_made_on_shopify_is_recorded_and_flagged(self):
        order = self.sandbox.create_order([("SHOP-A", 2)])
        self._event("orders/create", order["id"])._oms_process()
        self.sandbox.refund_order(order["id"], "10.00", note="one broke")
        self._poll_all()
        self._event("orders/updated", order["id"])._oms_process()
        refunds = self.env["oms.connector.refund"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(len(refunds), 1)
        self.assertEqual((refunds.amount, refunds.origin), ("10.00", "platform"))
        sale = self._orders_of_channel()
        self.assertIn("refunded 10.00", sale.message_ids[0].body)

    def test_official_sample_order_is_taken_in_and_kept(self):
        sample = json.loads(
            (schema_path().parent / "orders_rest_2026-07.json").read_text()
        )["orders"][0]
        self.sandbox.add_order(sample)
        event = self._event("orders/create", sample["id"])
        self.assertEqual(event._oms_process(), "done")
        intake = self.env["oms.order.intake"].search(
            [("channel_id", "=", self.shop_channel.id)]
        )
        self.assertEqual(intake.external_id, "450789469")
        self.assertEqual(json.loads(intake.payload)["id"], 450789469)
        # The sample's SKUs are unknown here: kept in exception, nothing lost.
        self.assertEqual(intake.state, "exception")
        self.assertIn("IPOD2008GREEN", intake.exception_reason)
        self.assertEqual(
            json.loads(intake.normalized)["lines"][0]["external_variant_id"],
            "39072856",
        )
        self.assertEqual(order_from_rest(sample).external_id, event.external_id)

    def test_events_of_other_topics_are_ignored_and_bad_bodies_fail_readably(self):
        order = self.sandbox.create_order([("SHOP-A", 1)])
        self.assertEqual(
            self._event("app/uninstalled", order["id"])._oms_process(), "ignored"
        )
        from oms_domain.webhooks import Delivery  # noqa: PLC0415

        broken = self.env["oms.connector.event"]._oms_store(
            self.account, Delivery(b"{not json", "", "d-broken", "orders/create"), {}
        )
        self.assertEqual(broken._oms_process(), "failed")
        self.assertIn("not valid JSON", broken.error)
        listed = self.env["oms.connector.event"]._oms_store(
            self.account, Delivery(b"[1, 2]", "", "d-list", "orders/create"), {}
        )
        listed._oms_process()
        self.assertEqual(listed.state, "failed")
        self.assertIn("JSON object", listed.error)
        with trap_jobs() as trap:
            listed.action_retry()
            trap.assert_jobs_count(1)
        self.assertEqual(listed.state, "pending")

    def test_processed_events_are_purged_after_the_keep_days(self):
        order = self.sandbox.create_order([("SHOP-A", 1)])
        old, recent = (
            self._event("orders/create", order["id"]),
            self._event("orders/updated", order["id"]),
        )
        old._oms_process()
        recent._oms_process()
        failed = self._event("orders/paid", order["id"])
        failed.write({"state": "failed"})
        self.env.cr.execute(
            "UPDATE oms_connector_event SET create_date = now() - interval '40 days' "
            "WHERE id IN %s",
            ((old.id, failed.id),),
        )
        self.env["oms.connector.account"]._cron_oms_purge_events()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(failed.exists())  # failed events wait for a person
