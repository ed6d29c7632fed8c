# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import threading

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, tagged

from oms_sandbox.shopify import fresh_order_time

from .common import ShopifySandboxMixin


@tagged("post_install", "-at_install")
class TestWebhookFrontDoor(ShopifySandboxMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shopify_data()

    def setUp(self):
        super().setUp()
        self._setup_shopify()
        self._bind_products()
        self.url = "/oms/webhook/%s" % self.account.webhook_token

    def _post(self, body, headers, url=None):
        # POST even for an empty body (url_open would send a GET).
        return self.opener.post(
            self.base_url() + (url or self.url), data=body, headers=headers, timeout=20
        )

    def _events(self):
        return self.env["oms.connector.event"].search(
            [("account_id", "=", self.account.id)]
        )

    def _jobs(self):
        return self.env["queue.job"].search(
            [
                ("model_name", "=", "oms.connector.event"),
                ("method_name", "=", "_oms_process"),
            ]
        )

    def test_signed_delivery_is_stored_queued_and_answered(self):
        order = self.sandbox.create_order([("SHOP-A", 1)])
        body, headers = self.sandbox.webhook_request("orders/create", order["id"])
        answer = self._post(body, headers)
        self.assertEqual(answer.status_code, 200)
        event = self._events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.body, body.decode())
        self.assertEqual(event.topic, "orders/create")
        self.assertNotIn("X-Shopify-Hmac-Sha256", event.headers)
        self.assertIn("X-Shopify-Topic", json.loads(event.headers))
        job = self._jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.channel, "root.oms.shopify_test")
        # Nothing was done yet: the job does it.
        self.assertFalse(self._orders_of_channel())
        event._oms_process()
        self.assertEqual(len(self._orders_of_channel()), 1)

    def test_bad_signature_unknown_account_oversized_and_stale(self):
        order = self.sandbox.create_order([("SHOP-A", 1)])
        body, headers = self.sandbox.webhook_request("orders/create", order["id"])
        forged = dict(headers, **{"X-Shopify-Hmac-Sha256": "AAAA"})
        self.assertEqual(self._post(body, forged).status_code, 401)
        self.assertEqual(self._post(body + b" ", headers).status_code, 401)
        self.assertEqual(
            self._post(body, headers, url="/oms/webhook/nope").status_code, 404
        )
        huge = b"{" + b" " * (3 * 1024 * 1024) + b"}"
        _body, huge_headers = self.sandbox.webhook_request("orders/create", body=huge)
        self.assertEqual(self._post(huge, huge_headers).status_code, 413)
        old_body, old = self.sandbox.webhook_request(
            "orders/create", order["id"], triggered_at=fresh_order_time(-3 * 86400)
        )
        self.assertEqual(self._post(old_body, old).status_code, 401)
        self.assertFalse(self._events())
        self.assertFalse(self._jobs())

    def test_same_delivery_50_times_concurrently_is_one_event_one_order(self):
        order = self.sandbox.create_order([("SHOP-B", 2)])
        body, headers = self.sandbox.webhook_request("orders/create", order["id"])
        cookies = dict(self.opener.cookies)
        url = self.base_url() + self.url
        statuses = []

        def deliver():
            answer = requests.post(
                url, data=body, headers=headers, cookies=cookies, timeout=60
            )
            statuses.append(answer.status_code)

        threads = [threading.Thread(target=deliver) for _ in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(statuses, [200] * 50)
        events = self._events()
        self.assertEqual(len(events), 1)
        self.assertEqual(len(self._jobs()), 1)
        events._oms_process()
        self.assertEqual(len(self._orders_of_channel()), 1)

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    )
    @given(
        st.one_of(
            st.binary(min_size=1, max_size=300),
            st.text(max_size=200).map(lambda text: text.encode("utf-8")),
            st.lists(st.integers()).map(lambda v: json.dumps(v).encode()),
            st.integers(min_value=1, max_value=4000),
        )
    )
    def test_malformed_bodies_become_failed_events_with_readable_errors(self, body):
        if isinstance(body, int):
            # A real order body cut short, as a broken proxy would.
            order = self.sandbox.create_order([("SHOP-A", 1)])
            full = json.dumps(order).encode()
            body = full[: body % len(full)] or b"{"
        if _is_json_object(body):
            return  # JSON objects are orders (maybe bad ones), not malformed
        body_signed, headers = self.sandbox.webhook_request("orders/create", body=body)
        answer = self._post(body_signed, headers)
        self.assertEqual(answer.status_code, 200)
        event = self._events().filtered(
            lambda e: e.delivery_id == headers["X-Shopify-Webhook-Id"]
        )
        self.assertEqual(len(event), 1)
        event._oms_process()
        self.assertEqual(event.state, "failed")
        self.assertTrue(event.error)
        self.assertNotIn("Traceback", event.error)


def _is_json_object(body):
    try:
        return isinstance(json.loads(body), dict)
    except ValueError:
        return False
