# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Adapter: the only code that speaks HTTP to a generic channel endpoint."""

import json

import requests

from oms_domain.http_signing import SIGNATURE_HEADER, sign
from oms_domain.retry import is_retryable_status, parse_retry_after
from oms_domain.sync import StockExportError

USER_AGENT = "OMS-Multichannel/18.0"


class HttpChannelAdapter:
    """POSTs signed JSON documents to one URL.

    :param url: endpoint of the channel
    :param secret: HMAC-SHA256 key shared with the channel
    :param timeout: seconds to connect and to wait for the answer
    """

    def __init__(self, url, secret, timeout):
        self.url = url
        self.secret = secret
        self.timeout = timeout

    def post(self, document):
        """Send ``document`` (JSON-serialisable); return the response.

        :raise StockExportError: ``retryable`` for timeouts, connection errors,
            429 and 5xx (with the channel's ``Retry-After``, if any)
        """
        body = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: sign(self.secret, body),
        }
        try:
            response = requests.post(
                self.url,
                data=body,
                headers=headers,
                timeout=self.timeout,
            )
        except (requests.ConnectionError, requests.Timeout) as error:
            raise StockExportError(
                "%s: %s" % (type(error).__name__, error), retryable=True
            ) from error
        except requests.RequestException as error:
            raise StockExportError("%s: %s" % (type(error).__name__, error)) from error
        if response.ok:
            return response
        raise StockExportError(
            "HTTP %s %s: %s"
            % (response.status_code, response.reason, response.text[:300]),
            retryable=is_retryable_status(response.status_code),
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            status=response.status_code,
        )
