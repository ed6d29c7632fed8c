import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_domain.errors import DomainError
from oms_domain.http_signing import SIGNATURE_HEADER, sign, verify

secrets = st.one_of(st.text(min_size=1), st.binary(min_size=1))


def test_signature_is_hmac_sha256_of_the_raw_body():
    body = b'{"items":[{"sku":"A","quantity":3}]}'
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert sign("s3cret", body) == "sha256=" + expected
    assert SIGNATURE_HEADER == "X-OMS-Signature"


@given(secrets, st.binary())
def test_own_signature_verifies(secret, body):
    assert verify(secret, body, sign(secret, body))


@given(secrets, st.binary(), st.binary(min_size=1))
def test_changed_body_fails(secret, body, extra):
    assert not verify(secret, body + extra, sign(secret, body))


@given(st.text(min_size=1), st.text(min_size=1), st.binary())
def test_other_secret_fails(secret, other, body):
    if secret.encode() != other.encode():
        assert not verify(other, body, sign(secret, body))


def test_header_variants_and_garbage():
    body = b"{}"
    signature = sign("k", body)
    assert verify("k", body, signature.split("=", 1)[1])
    assert verify("k", body, signature.upper())
    assert verify("k", body, signature.encode())
    for bad in ("", None, "sha256=", "sha1=" + signature[7:], "sha256=zz", "é"):
        assert not verify("k", body, bad)


def test_empty_secret_is_refused():
    with pytest.raises(DomainError):
        sign("", b"{}")
