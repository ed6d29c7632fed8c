# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What every platform adapter does the same way: wait for rate-limit points,
send through the outbound policy, turn transport errors and HTTP statuses
into coded :class:`ConnectorError`."""

import time

import requests

from oms_domain import connector as codes
from oms_domain.connector import ConnectorError
from oms_domain.outbound import OutboundRefused, guarded_session
from oms_domain.retry import parse_retry_after

USER_AGENT = "OMS-Multichannel/18.0"
# Waits up to this long for rate-limit points inside a job; longer waits
# postpone the job instead of holding a worker.
MAX_INLINE_WAIT = 3.0
# Characters of a failed answer kept in the error.
EXCERPT = 300


class PlatformAdapter:
    """Base of the platform adapters (``limiter``: an
    ``oms_domain.ratelimit`` limiter shared by the account's jobs, or None)."""

    limiter = None
    allow_private = False
    # whether an authentication failure quotes the platform's answer
    auth_excerpt = False

    def _wait_for_points(self, cost, priority):
        if self.limiter is None:
            return
        deadline = time.monotonic() + MAX_INLINE_WAIT
        while True:
            wait = self.limiter.acquire(cost, priority)
            if wait <= 0:
                return
            if time.monotonic() + wait > deadline:
                raise ConnectorError(
                    codes.THROTTLED,
                    "rate limit: %.1f s to wait" % wait,
                    retryable=True,
                    retry_after=wait,
                )
            time.sleep(wait)

    def _send(self, method, url, **kwargs):
        """One request through the outbound policy; the response."""
        try:
            with guarded_session(self.allow_private) as session:
                return session.request(
                    method, url, timeout=self.timeout, allow_redirects=False, **kwargs
                )
        except OutboundRefused as error:
            raise ConnectorError(codes.URL_REFUSED, error.code) from error
        except requests.Timeout as error:
            raise ConnectorError(codes.TIMEOUT, type(error).__name__, True) from error
        except requests.ConnectionError as error:
            raise ConnectorError(
                codes.UNREACHABLE, type(error).__name__, True
            ) from error
        except requests.RequestException as error:
            raise ConnectorError(codes.CLIENT_ERROR, type(error).__name__) from error

    def _client_error_code(self, status):
        return codes.CLIENT_ERROR

    def _raise_for_status(self, response):
        """Raise the coded error of a refused call; return the answer's excerpt."""
        status = response.status_code
        excerpt = response.text[:EXCERPT]
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if status == 429:
            wait = 2.0 if retry_after is None else retry_after
            if self.limiter is not None:
                self.limiter.block(wait)
            raise ConnectorError(
                codes.THROTTLED, "HTTP 429", True, retry_after=wait, status=status
            )
        if status >= 500:
            raise ConnectorError(
                codes.SERVER_ERROR,
                "HTTP %s: %s" % (status, excerpt),
                True,
                retry_after=retry_after,
                status=status,
            )
        if status in (401, 403):
            detail = (
                "HTTP %s: %s" % (status, excerpt)
                if self.auth_excerpt
                else ("HTTP %s" % status)
            )
            raise ConnectorError(codes.AUTH, detail, status=status)
        if status == 404:
            raise ConnectorError(codes.NOT_FOUND, "HTTP 404", status=status)
        if status >= 300:
            raise ConnectorError(
                self._client_error_code(status),
                "HTTP %s: %s" % (status, excerpt),
                status=status,
            )
        return excerpt
