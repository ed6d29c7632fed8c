"""HMAC-SHA256 signatures of HTTP bodies exchanged with custom channels.

The sender signs the exact bytes it puts on the wire and sends
``X-OMS-Signature: sha256=<hex digest>``; the receiver recomputes the digest over
the raw body it read (before any JSON parsing) and compares in constant time.
"""

import hashlib
import hmac

from .errors import DomainError

SIGNATURE_HEADER = "X-OMS-Signature"
SCHEME = "sha256"


def _key(secret):
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not secret:
        raise DomainError("A signing secret is required.")
    return secret


def sign(secret, body):
    """Header value signing ``body`` (bytes) with ``secret`` (str or bytes)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    digest = hmac.new(_key(secret), body, hashlib.sha256).hexdigest()
    return "%s=%s" % (SCHEME, digest)


def verify(secret, body, signature):
    """True when ``signature`` (the header value) signs ``body`` with ``secret``.

    Accepts ``sha256=<hex>`` or the bare hex digest; the comparison takes the same
    time whatever the mismatch.
    """
    if not signature:
        return False
    if isinstance(signature, bytes):
        signature = signature.decode("ascii", "replace")
    signature = signature.strip()
    if "=" not in signature:
        signature = "%s=%s" % (SCHEME, signature)
    expected = sign(secret, body)
    return hmac.compare_digest(
        expected.encode("ascii"), signature.lower().encode("ascii", "replace")
    )
