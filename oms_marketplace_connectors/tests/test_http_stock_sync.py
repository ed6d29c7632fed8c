# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from oms_domain.http_signing import SIGNATURE_HEADER, verify

from .common import HttpStockCase, trap_jobs


@tagged("post_install", "-at_install")
class TestHttpStockSync(HttpStockCase):
    def _run_job(self, job):
        """Perform a stored job as the runner would; return the retry delay."""
        try:
            job.perform()
        except RetryableJobError as error:
            job.postpone(result=str(error), seconds=error.seconds)
            job.set_pending(reset_retry=False)
            job.store()
            return error.seconds
        job.set_done()
        job.store()
        return None

    def _stored_sync_job(self):
        return Job.load(
            self.env,
            self.channel._oms_enqueue_stock_sync(mode="force", delay=0).uuid,
        )

    def test_stock_changes_enqueue_one_debounced_job_per_channel(self):
        other = self._create_channel("HTTP-MKT", stock_sync_debounce=300)
        now = datetime(2026, 1, 5, 10, 0, 0)
        with freeze_time(now), trap_jobs() as trap:
            for _round in range(3):
                self.add_stock(self.product, 1)
                self.sell(self.channel, self.product, 1)
            trap.assert_jobs_count(2)
            trap.assert_jobs_count(1, only=self.channel._oms_sync_channel_stock)
            jobs = {job.recordset: job for job in trap.enqueued_jobs}
            self.assertEqual(
                jobs[self.channel].identity_key,
                "oms_stock_sync:%s:changed" % self.channel.id,
            )
            self.assertEqual(jobs[self.channel].eta, now + timedelta(seconds=60))
            self.assertEqual(jobs[other].eta, now + timedelta(seconds=300))
            self.assertEqual(jobs[other].max_retries, 3)
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self.server.received), 2)
        for document in self.server.documents():
            self.assertEqual(document["items"], [{"sku": "HTTP-A", "quantity": 0}])

    def test_job_method_pushes_signed_json_in_batches(self):
        self.channel.http_stock_batch_size = 2
        products = self.product | self._create_product("HTTP-B")
        products |= self._create_product("HTTP-C")
        for qty, product in enumerate(products, start=1):
            self.add_stock(product, qty)
        result = self.channel._oms_sync_channel_stock()
        self.assertIn("3 quantities pushed in 2 calls", result)
        self.assertEqual(len(self.server.received), 2)
        for request in self.server.received:
            self.assertEqual(request["path"], "/oms/stock")
            self.assertEqual(request["headers"]["Content-Type"], "application/json")
            self.assertTrue(
                verify(
                    "s3cret-HTTP-WEB",
                    request["body"],
                    request["headers"][SIGNATURE_HEADER],
                )
            )
        documents = self.server.documents()
        self.assertEqual(documents[0]["channel"], "HTTP-WEB")
        self.assertEqual(
            [item for document in documents for item in document["items"]],
            [
                {"sku": "HTTP-A", "quantity": 1},
                {"sku": "HTTP-B", "quantity": 2},
                {"sku": "HTTP-C", "quantity": 3},
            ],
        )
        # Nothing changed since: the endpoint is not called again.
        self.channel._oms_sync_channel_stock()
        self.assertEqual(len(self.server.received), 2)

    def test_product_without_sku_stays_to_push_until_it_has_one(self):
        unbound = self._create_product("HTTP-NOSKU")
        unbound.default_code = False
        self.add_stock(self.product, 1)
        self.add_stock(unbound, 5)
        self.channel._oms_sync_channel_stock()
        self.assertEqual(
            self.server.documents()[-1]["items"], [{"sku": "HTTP-A", "quantity": 1}]
        )
        pair = self.channel.stock_line_ids.filtered(
            lambda line: line.product_id == unbound
        )
        self.assertTrue(pair.to_export)
        self.assertFalse(pair.exported_at)
        # Once it has a SKU the next run pushes it, although its stock is the same.
        unbound.default_code = "HTTP-LATE"
        self.channel._oms_sync_channel_stock()
        self.assertEqual(
            self.server.documents()[-1]["items"],
            [{"sku": "HTTP-LATE", "quantity": 5}],
        )
        self.assertEqual((pair.to_export, pair.exported_qty), (False, 5))

    def test_last_unit_sold_on_one_channel_reaches_the_other_endpoint(self):
        market = self._create_channel("HTTP-MKT")
        self.add_stock(self.product, 1)
        self.channel._oms_sync_channel_stock()
        market._oms_sync_channel_stock()
        self.assertEqual(len(self.server.received), 2)
        self.sell(self.channel, self.product, 1)
        market._oms_sync_channel_stock()
        document = self.server.documents()[-1]
        self.assertEqual(document["channel"], "HTTP-MKT")
        self.assertEqual(document["items"], [{"sku": "HTTP-A", "quantity": 0}])

    def test_failed_push_is_retried_with_backoff_then_visible(self):
        self.add_stock(self.product, 4)
        self.server.answers = [
            (503, {"Retry-After": "120"}, 0),
            (429, {}, 0),
            (500, {}, 0),
        ]
        job = self._stored_sync_job()
        self.assertEqual(self._run_job(job), 120)  # Retry-After honoured
        self.assertEqual(self._run_job(job), 20)  # back-off, second retry
        self.assertEqual(self.channel.stock_sync_failed_count, 0)
        self.assertIsNone(self._run_job(job))  # last attempt: recorded
        self.assertEqual(len(self.server.received), 3)
        self.assertEqual(self.channel.stock_sync_failed_count, 1)
        self.assertIn("HTTP 500", self.channel.stock_sync_last_error)
        self.assertIn("Stock push failed", self.channel.message_ids[0].body)
        pair = self.channel.stock_line_ids.filtered(
            lambda line: line.product_id == self.product
        )
        self.assertTrue(pair.to_export)
        # The endpoint is back: the next run pushes and clears the failure.
        self.channel._oms_sync_channel_stock()
        self.assertIn(
            {"sku": "HTTP-A", "quantity": 4}, self.server.documents()[-1]["items"]
        )
        self.assertEqual(self.channel.stock_sync_failed_count, 0)
        self.assertFalse(pair.to_export)

    def test_client_errors_are_not_retried(self):
        self.add_stock(self.product, 1)
        self.server.answers = [(400, {}, 0)]
        self.assertIsNone(self._run_job(self._stored_sync_job()))
        self.assertEqual(len(self.server.received), 1)
        self.assertIn("HTTP 400", self.channel.stock_sync_last_error)

    def test_refused_connection_is_retried(self):
        # Read timeouts take the same path; Odoo's test harness raises every
        # request timeout to 10 s, too slow to exercise here.
        self.add_stock(self.product, 1)
        self.server.stop()  # nothing listens on the port any more
        job = self._stored_sync_job()
        self.assertEqual(self._run_job(job), 10)
        self.assertIn("ConnectionError", job.result)
        self.assertEqual(self.channel.stock_sync_failed_count, 0)

    def test_nightly_reconciliation_and_push_now_enqueue_jobs(self):
        with trap_jobs() as trap:
            self.env["oms.channel"]._cron_oms_stock_reconcile()
            self.channel.action_oms_push_stock()
            trap.assert_enqueued_job(
                self.channel._oms_sync_channel_stock,
                kwargs={"mode": "full"},
                properties={
                    "identity_key": "oms_stock_sync:%s:full" % self.channel.id,
                    "max_retries": 3,
                },
            )
            trap.assert_enqueued_job(
                self.channel._oms_sync_channel_stock,
                kwargs={"mode": "force"},
                properties={
                    "identity_key": "oms_stock_sync:%s:force" % self.channel.id,
                    "max_retries": 3,
                },
            )

    def test_endpoint_configuration_is_checked(self):
        with self.assertRaises(ValidationError):
            self.channel.http_stock_url = "ftp://example.com/stock"
        with self.assertRaises(ValidationError):
            self.channel.http_stock_url = "https://user:pw@shop.example.com/stock"
        with self.assertRaises(ValidationError):
            self.channel.http_stock_batch_size = 0
        with self.assertRaises(ValidationError):
            self.channel.http_stock_timeout = 3600
        with self.assertRaises(ValidationError):
            self._create_channel("HTTP-NOKEY", http_stock_secret=False)

    def test_loopback_and_private_targets_refused_without_the_flag(self):
        for url in (
            self.server.url,
            "http://localhost:8069/web",
            "http://[::1]/stock",
            "http://2130706433/stock",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.8/stock",
        ):
            with self.subTest(url=url), self.assertRaises(ValidationError) as caught:
                self._create_channel(
                    "HTTP-LOOP", http_stock_url=url, http_stock_allow_private=False
                )
            self.assertIn("is refused", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.channel.http_stock_allow_private = False
        self.assertIn("this server itself", str(caught.exception))
        public = self._create_channel(
            "HTTP-PUBLIC",
            http_stock_url="https://shop.example.com/oms/stock",
            http_stock_allow_private=False,
        )
        self.assertEqual(public.stock_export_type, "http")

    def test_loopback_refused_at_request_time_without_the_flag(self):
        # A URL saved before the check existed, or a host name whose address
        # changed since: the address is checked again at each connection.
        self.add_stock(self.product, 2)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE oms_channel SET http_stock_allow_private = FALSE WHERE id = %s",
            [self.channel.id],
        )
        self.env.invalidate_all()
        job = self._stored_sync_job()
        self.assertIsNone(self._run_job(job))  # refused: not retried
        self.assertFalse(self.server.received)
        self.assertEqual(self.channel.stock_sync_failed_count, 1)
        self.assertIn("this server itself", self.channel.stock_sync_last_error)
        self.assertIn("this server itself", self.channel.message_ids[0].body)
        self.assertTrue(
            self.channel.stock_line_ids.filtered(
                lambda line: line.product_id == self.product
            ).to_export
        )

    def test_answers_of_failed_calls_never_reach_the_chatter(self):
        self.add_stock(self.product, 1)
        answer = b"internal: db01.lan 10.0.0.7 " + b"x" * 20000
        self.server.answers = [(400, {}, 0, answer)]
        self.assertIsNone(self._run_job(self._stored_sync_job()))
        self.assertEqual(
            self.channel.stock_sync_last_error, "the channel answered HTTP 400"
        )
        for message in self.channel.message_ids:
            self.assertNotIn("db01", message.body)
        detail = self.channel.stock_sync_last_error_detail
        self.assertIn("HTTP 400", detail)
        self.assertIn("internal: db01.lan", detail)
        self.assertLess(len(detail), 2100)

    def test_secret_never_logged(self):
        secret = "s3cret-HTTP-WEB"
        self.add_stock(self.product, 1)
        self.server.answers = [(503, {}, 0), (200, {}, 0)]
        records = []
        handler = logging.Handler(logging.DEBUG)
        handler.emit = records.append
        # Every record of Odoo and the HTTP libraries, kept out of the test log.
        loggers = [logging.getLogger(name) for name in ("odoo", "urllib3", "requests")]
        saved = [(logger.level, logger.propagate) for logger in loggers]
        for logger in loggers:
            logger.addHandler(handler)
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
        try:
            job = self._stored_sync_job()
            self._run_job(job)
            self._run_job(job)
        finally:
            for logger, (level, propagate) in zip(loggers, saved, strict=True):
                logger.removeHandler(handler)
                logger.setLevel(level)
                logger.propagate = propagate
        self.assertEqual(len(self.server.received), 2)
        self.assertTrue(records)
        for record in records:
            self.assertNotIn(secret, record.getMessage())
        self.assertNotIn(secret, job.result or "")
        self.assertNotIn(secret, repr(self.channel._oms_stock_exporter().adapter))
        for message in self.channel.message_ids:
            self.assertNotIn(secret, message.body)
