# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The webhook front door of every connector.

Nothing is read, stored or answered beyond a status before the signature is
verified. A verified delivery is stored (raw body, headers without secrets)
and its job enqueued in the request's transaction, which Odoo commits before
the answer goes out; the work happens in the job.
"""

import json
import logging
from datetime import datetime, timedelta, timezone

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from oms_domain import webhooks
from oms_domain.woocommerce import is_ping

_logger = logging.getLogger(__name__)

MAX_BODY = 2 * 1024 * 1024
SIGNATURE_HEADERS = {
    "shopify": "X-Shopify-Hmac-Sha256",
    "woocommerce": "X-WC-Webhook-Signature",
}
DELIVERY_HEADERS = {
    "shopify": "X-Shopify-Webhook-Id",
    "woocommerce": "X-WC-Webhook-Delivery-ID",
}
TOPIC_HEADERS = {"shopify": "X-Shopify-Topic", "woocommerce": "X-WC-Webhook-Topic"}
# WooCommerce sends no time of its own: the delivery id catches replays.
TRIGGERED_HEADERS = {"shopify": "X-Shopify-Triggered-At"}


def _answer(status, message):
    return request.make_json_response({"status": message}, status=status)


class OmsWebhookController(http.Controller):
    @http.route(
        "/oms/webhook/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def oms_webhook(self, token, **_kwargs):
        account = (
            request.env["oms.connector.account"]
            .sudo()
            .search([("webhook_token", "=", token), ("active", "=", True)], limit=1)
            if token
            else None
        )
        if not account:
            raise NotFound()
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY:
            return _answer(413, "too large")
        body = request.httprequest.get_data(cache=True)
        if len(body) > MAX_BODY:
            return _answer(413, "too large")
        kind = account.connector_type
        headers = request.httprequest.headers
        delivery = webhooks.Delivery(
            body=body,
            signature=headers.get(SIGNATURE_HEADERS[kind], ""),
            delivery_id=headers.get(DELIVERY_HEADERS[kind], ""),
            topic=headers.get(TOPIC_HEADERS[kind], ""),
            triggered_at=headers.get(TRIGGERED_HEADERS.get(kind, ""), ""),
        )
        if kind == "woocommerce" and not delivery.signature:
            # Saving a webhook in WooCommerce sends this unsigned test, a form
            # body (already parsed into the form when it comes as one).
            form_id = request.httprequest.form.get("webhook_id")
            ping = body
            if not ping and form_id:
                ping = ("webhook_id=%s" % form_id).encode()
            if is_ping(ping, ""):
                return _answer(200, "ping")
        verdict = webhooks.check_delivery(
            delivery,
            account.webhook_secret or "",
            datetime.now(timezone.utc),
            timedelta(hours=account.replay_window_hours),
        )
        if verdict == webhooks.BAD_SIGNATURE:
            return _answer(401, "bad signature")
        if verdict == webhooks.STALE:
            return _answer(401, "outside the replay window")
        if verdict == webhooks.NO_DELIVERY_ID:
            return _answer(400, "no delivery id")
        event_model = request.env["oms.connector.event"].sudo()
        event = event_model._oms_store(
            account, delivery, webhooks.safe_headers(dict(headers))
        )
        if not event:
            return _answer(200, "duplicate")
        if event.state == "pending":
            try:
                with request.env.cr.savepoint():
                    event._oms_enqueue()
            except Exception as error:  # pylint: disable=broad-except
                # Stored all the same: Retry on the event enqueues it again.
                _logger.warning("Webhook event %s not queued: %s", event.id, error)
                event.write({"state": "failed", "error": str(error)[:500]})
        _logger.debug("Webhook %s stored as event %s", delivery.topic, event.id)
        return request.make_response(
            json.dumps({"status": "stored", "event": event.id}),
            headers=[("Content-Type", "application/json")],
        )
