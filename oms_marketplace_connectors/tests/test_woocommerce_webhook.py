# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import HttpCase, tagged

from .common import WooSandboxMixin


@tagged("post_install", "-at_install")
class TestWooCommerceWebhook(WooSandboxMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_woo_data()

    def setUp(self):
        super().setUp()
        self._setup_woo()
        self.account._oms_backend().auto_bind()
        self.url = self.base_url() + "/oms/webhook/%s" % self.account.webhook_token

    def _post(self, body, headers):
        return self.opener.post(self.url, data=body, headers=headers, timeout=20)

    def _events(self):
        return self.env["oms.connector.event"].search(
            [("account_id", "=", self.account.id)]
        )

    def test_signed_delivery_is_stored_once_and_taken_in(self):
        order = self.woo.create_order([("WOO-A", 1), ("WOO-V1", 1)])
        body, headers = self.woo.webhook_request("order.created", order["id"])
        self.assertEqual(self._post(body, headers).status_code, 200)
        self.assertEqual(self._post(body, headers).json()["status"], "duplicate")
        event = self._events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.topic, "order.created")
        self.assertNotIn("X-WC-Webhook-Signature", json.loads(event.headers))
        event._oms_process()
        self.assertEqual(event.state, "done", event.error)
        self.assertEqual(self._woo_orders().channel_order_ref, str(order["id"]))

    def test_wrong_signature_is_refused_and_nothing_stored(self):
        order = self.woo.create_order([("WOO-A", 1)])
        body, headers = self.woo.webhook_request("order.created", order["id"])
        headers["X-WC-Webhook-Signature"] = self.woo.sign(body + b" ")
        self.assertEqual(self._post(body, headers).status_code, 401)
        del headers["X-WC-Webhook-Signature"]
        self.assertEqual(self._post(body, headers).status_code, 401)
        self.assertFalse(self._events())

    def test_ping_is_accepted_and_ignored(self):
        body, headers = self.woo.ping_request(12)
        answer = self._post(body, headers)
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json()["status"], "ping")
        self.assertFalse(self._events())
        # A ping-looking body with a wrong signature is not a ping.
        headers["X-WC-Webhook-Signature"] = "bm9wZQ=="
        self.assertEqual(self._post(body, headers).status_code, 401)
