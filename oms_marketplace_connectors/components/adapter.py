# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Adapter: the only code that speaks HTTP to a generic channel endpoint."""

import json

import requests

from oms_domain.http_signing import SIGNATURE_HEADER, sign
from oms_domain.outbound import OutboundRefused, check_url, guarded_session
from oms_domain.retry import is_retryable_status, parse_retry_after
from oms_domain.sync import StockExportError, truncate_detail

USER_AGENT = "OMS-Multichannel/18.0"
# Bytes of a failed answer kept for the managers' error detail.
ANSWER_BYTES = 2000


class HttpChannelAdapter:
    """POSTs signed JSON documents to one URL.

    The URL is checked against the outbound policy before each call and the
    connection against the address actually reached (``oms_domain.outbound``).
    The secret only ever goes into the signature header.

    :param url: endpoint of the channel
    :param secret: HMAC-SHA256 key shared with the channel
    :param timeout: seconds to connect and to wait for the answer
    :param allow_private: the manager allowed loopback and private targets
    """

    def __init__(self, url, secret, timeout, allow_private=False):
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.allow_private = allow_private

    def __repr__(self):
        # Never the secret, whatever prints this object.
        return "<HttpChannelAdapter %s>" % self.url

    def post(self, document):
        """Send ``document`` (JSON-serialisable); return the HTTP status.

        :raise StockExportError: ``refused`` for a target the policy refuses;
            ``retryable`` for timeouts, connection errors, 429 and 5xx (with the
            channel's ``Retry-After``, if any); the answer, cut short, in
            ``detail``
        """
        body = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: sign(self.secret, body),
        }
        try:
            check_url(self.url, self.allow_private)
            with guarded_session(self.allow_private) as session:
                response = session.post(
                    self.url,
                    data=body,
                    headers=headers,
                    timeout=self.timeout,
                    allow_redirects=False,
                    stream=True,
                )
                with response:
                    status = response.status_code
                    if 200 <= status < 300:
                        return status
                    answer = response.raw.read(ANSWER_BYTES, decode_content=True)
        except OutboundRefused as error:
            raise StockExportError(
                "Refused (%s)" % error.code,
                code="refused",
                reason=error.code,
                detail=str(error),
            ) from error
        except requests.Timeout as error:
            raise self._library_error(error, "timeout", retryable=True) from error
        except requests.ConnectionError as error:
            raise self._library_error(error, "connection", retryable=True) from error
        except requests.RequestException as error:
            raise self._library_error(error, "error", retryable=False) from error
        raise StockExportError(
            "HTTP %s" % status,
            retryable=is_retryable_status(status),
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            status=status,
            detail=truncate_detail(
                "HTTP %s %s\n%s"
                % (status, response.reason, answer.decode("utf-8", "replace")),
                ANSWER_BYTES,
            ),
        )

    @staticmethod
    def _library_error(error, code, retryable):
        return StockExportError(
            type(error).__name__,
            code=code,
            retryable=retryable,
            detail=truncate_detail("%s: %s" % (type(error).__name__, error)),
        )
