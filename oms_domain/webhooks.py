"""Checks of inbound webhook deliveries, before anything is stored.

Signatures are compared in constant time; a delivery older than the replay
window is refused, so a captured request cannot be played again later (the
delivery id catches replays inside the window). Results are codes that the
addon turns into HTTP statuses and translated messages.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from .polling import parse_time

OK = "ok"
BAD_SIGNATURE = "bad_signature"
STALE = "stale"
NO_DELIVERY_ID = "no_delivery_id"

# Headers never stored with an event.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "cookie",
        "x-shopify-access-token",
        "x-shopify-hmac-sha256",
        "x-wc-webhook-signature",
        "x-amz-access-token",
    }
)


@dataclass(frozen=True)
class Delivery:
    """What the checks need from one request."""

    body: bytes
    signature: str
    delivery_id: str
    topic: str
    triggered_at: str = ""


def base64_hmac_sha256(secret, body):
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode()


def verify_base64_hmac(secret, body, signature):
    """True when ``signature`` is base64(HMAC-SHA256(body, secret)), compared in
    constant time; False for an empty secret or signature."""
    if not secret or not signature:
        return False
    if isinstance(signature, str):
        signature = signature.strip().encode("ascii", "replace")
    expected = base64_hmac_sha256(secret, body).encode("ascii")
    return hmac.compare_digest(expected, signature)


def check_delivery(delivery, secret, now, replay_window=timedelta(days=1)):
    """Code saying whether a delivery may be stored: :data:`OK` or the reason.

    :param now: aware UTC datetime
    """
    if not verify_base64_hmac(secret, delivery.body, delivery.signature):
        return BAD_SIGNATURE
    if delivery.triggered_at:
        when = parse_time(delivery.triggered_at)
        if when is None or now - when > replay_window or when - now > replay_window:
            return STALE
    if not delivery.delivery_id.strip():
        return NO_DELIVERY_ID
    return OK


def safe_headers(headers):
    """Headers worth keeping with an event, secrets left out."""
    return {
        str(name): str(value)
        for name, value in headers.items()
        if str(name).lower() not in SECRET_HEADERS
    }
