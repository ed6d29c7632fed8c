import base64
import hashlib
import hmac
from datetime import datetime, timedelta, timezone

from oms_domain import webhooks

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
BODY = b'{"id": 1}'


def signed(body=BODY, secret="s3cret", **values):
    signature = base64.b64encode(
        hmac.new(secret.encode(), body, hashlib.sha256).digest()
    ).decode()
    return webhooks.Delivery(
        **dict(
            {
                "body": body,
                "signature": signature,
                "delivery_id": "d-1",
                "topic": "orders/create",
                "triggered_at": "2026-01-05T11:59:00Z",
            },
            **values,
        )
    )


def test_good_delivery_passes():
    assert webhooks.check_delivery(signed(), "s3cret", NOW) == webhooks.OK


def test_wrong_secret_body_or_signature_is_refused():
    assert webhooks.check_delivery(signed(), "other", NOW) == webhooks.BAD_SIGNATURE
    tampered = signed()
    tampered = webhooks.Delivery(
        b'{"id": 2}', tampered.signature, "d-1", "orders/create"
    )
    assert webhooks.check_delivery(tampered, "s3cret", NOW) == webhooks.BAD_SIGNATURE
    assert (
        webhooks.check_delivery(signed(signature=""), "s3cret", NOW)
        == webhooks.BAD_SIGNATURE
    )
    assert webhooks.check_delivery(signed(), "", NOW) == webhooks.BAD_SIGNATURE
    assert (
        webhooks.check_delivery(signed(signature="é"), "s3cret", NOW)
        == webhooks.BAD_SIGNATURE
    )


def test_replays_outside_the_window_are_refused():
    old = signed(triggered_at="2026-01-03T11:00:00Z")
    assert webhooks.check_delivery(old, "s3cret", NOW) == webhooks.STALE
    assert (
        webhooks.check_delivery(old, "s3cret", NOW, replay_window=timedelta(days=3))
        == webhooks.OK
    )
    assert (
        webhooks.check_delivery(signed(triggered_at="yesterday"), "s3cret", NOW)
        == webhooks.STALE
    )


def test_delivery_id_is_required():
    assert (
        webhooks.check_delivery(signed(delivery_id=" "), "s3cret", NOW)
        == webhooks.NO_DELIVERY_ID
    )


def test_secret_headers_are_not_kept():
    kept = webhooks.safe_headers(
        {
            "X-Shopify-Hmac-Sha256": "x",
            "X-Shopify-Topic": "orders/create",
            "Cookie": "a",
        }
    )
    assert kept == {"X-Shopify-Topic": "orders/create"}
