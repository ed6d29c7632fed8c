# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Adapter: the only code that speaks HTTP to the Amazon Selling Partner API
and to Login with Amazon."""

import json
import threading
import time

from oms_domain import connector as codes
from oms_domain.amazon import AccessToken, is_expired_token, rdt_request, token_request
from oms_domain.amazon.api import RDT_PATH, error_text
from oms_domain.connector import ConnectorError
from oms_domain.errors import DomainError

from .outbound import check_outbound_url
from .platform_adapter import EXCERPT, USER_AGENT, PlatformAdapter

# Access tokens per (account, client id), kept by each worker process: one
# token an hour per process, never stored, never logged.
_TOKENS = {}
_TOKENS_LOCK = threading.Lock()


class AmazonAdapter(PlatformAdapter):
    """Sends SP-API requests for one selling partner account.

    :param limiter_for: ``operation -> limiter`` (see
        :class:`.shopify_adapter.ShopifyAdapter` for a limiter) with the
        documented bucket of each operation; None: no limiting
    :param cache_key: key of the account's access token in this process
    """

    # SP-API's errors say what was wrong (no secret in them).
    auth_excerpt = True

    def __init__(
        self,
        endpoint,
        token_url,
        client_id,
        client_secret,
        refresh_token,
        timeout=10.0,
        allow_private=False,
        limiter_for=None,
        cache_key=None,
    ):
        self.endpoint = (endpoint or "").rstrip("/")
        self.token_url = token_url or ""
        self.client_id = client_id or ""
        self.client_secret = client_secret or ""
        self.refresh_token = refresh_token or ""
        self.timeout = timeout
        self.allow_private = allow_private
        self.limiter_for = limiter_for
        self.cache_key = cache_key or (self.endpoint, self.client_id)
        self.token_refreshes = 0

    def __repr__(self):
        return "<AmazonAdapter %s>" % self.endpoint

    # Login with Amazon -------------------------------------------------------

    def access_token(self, force=False):
        """The account's access token, refreshed when near its expiry."""
        now = time.time()
        with _TOKENS_LOCK:
            token = _TOKENS.get(self.cache_key)
        if token and token.valid(now) and not force:
            return token.value
        try:
            form = token_request(self.client_id, self.client_secret, self.refresh_token)
        except DomainError as error:
            raise ConnectorError(codes.AUTH, str(error)) from error
        check_outbound_url(self.token_url, self.allow_private)
        response = self._send(
            "POST",
            self.token_url,
            data=form,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        status = response.status_code
        if status in (400, 401, 403):
            # invalid_client / invalid_grant: the credentials, not the call.
            raise ConnectorError(
                codes.AUTH,
                "Login with Amazon refused the credentials: HTTP %s %s"
                % (status, response.text[:EXCERPT]),
                status=status,
            )
        self._raise_for_status(response)
        try:
            token = AccessToken.from_answer(json.loads(response.content), now)
        except (ValueError, DomainError) as error:
            raise ConnectorError(
                codes.BAD_RESPONSE, "token answer: %s" % error, True
            ) from error
        with _TOKENS_LOCK:
            _TOKENS[self.cache_key] = token
        self.token_refreshes += 1
        return token.value

    def forget_token(self):
        with _TOKENS_LOCK:
            _TOKENS.pop(self.cache_key, None)

    # SP-API ------------------------------------------------------------------

    def request(
        self,
        operation,
        method,
        path,
        params=None,
        body=None,
        priority="orders",
        restricted=None,
    ):
        """One SP-API call; return its decoded JSON (``{}`` for no content).

        :param operation: the model's operationId, for its rate limit
        :param restricted: data elements (possibly empty tuple) of a call that
            needs a restricted data token; None: the access token
        :raise ConnectorError: with a code; an access token refused as
            expired is refreshed once, then it is an ``auth`` error
        """
        url = self.endpoint + path
        check_outbound_url(url, self.allow_private)
        for attempt in (1, 2):
            token = self.access_token(force=attempt == 2)
            if restricted is not None:
                token = self._restricted_token(token, method, path, restricted, attempt)
                if not token:
                    continue
            self._wait(operation, priority)
            response = self._send(
                method,
                url,
                params=params,
                json=body,
                headers={
                    "x-amz-access-token": token,
                    "User-Agent": USER_AGENT,
                    "Accept": "application/json",
                },
            )
            if attempt == 1 and is_expired_token(
                response.status_code, self._json_or_none(response)
            ):
                self.forget_token()
                continue
            return self._read(response, operation)
        raise AssertionError("unreachable")  # pragma: no cover

    def upload(self, url, content, content_type):
        """PUT a feed document to the pre-signed URL Amazon gave (no token)."""
        check_outbound_url(url, self.allow_private)
        response = self._send(
            "PUT", url, data=content, headers={"Content-Type": content_type}
        )
        self._raise_for_status(response)

    def _restricted_token(self, token, method, path, elements, attempt):
        """The RDT of one call; None when the access token was refused as
        expired on the first attempt (it is then refreshed)."""
        self._wait("createRestrictedDataToken", "orders")
        response = self._send(
            "POST",
            self.endpoint + RDT_PATH,
            json=rdt_request(method, path, elements),
            headers={
                "x-amz-access-token": token,
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
        )
        if attempt == 1 and is_expired_token(
            response.status_code, self._json_or_none(response)
        ):
            self.forget_token()
            return None
        data = self._read(response, "createRestrictedDataToken")
        value = data.get("restrictedDataToken")
        if not isinstance(value, str) or not value:
            raise ConnectorError(codes.BAD_RESPONSE, "no restrictedDataToken", True)
        return value

    def _wait(self, operation, priority):
        self.limiter = self.limiter_for(operation) if self.limiter_for else None
        self._wait_for_points(1, priority)

    @staticmethod
    def _json_or_none(response):
        try:
            return json.loads(response.content)
        except ValueError:
            return None

    def _client_error_code(self, status):
        # 400: the model or Amazon refused what we sent.
        return codes.USER_ERRORS if status in (400, 422) else codes.CLIENT_ERROR

    def _read(self, response, operation):
        if response.status_code >= 300:
            payload = self._json_or_none(response)
            violations = response.headers.get("sl-violations")
            try:
                self._raise_for_status(response)
            except ConnectorError as error:
                # Say which operation and what Amazon (or the model) said.
                detail = "%s: %s" % (operation, error.detail)
                if error.status not in (429,) and error.status and error.status < 500:
                    detail = "%s: HTTP %s %s" % (
                        operation,
                        error.status,
                        error_text(payload) or response.text[:EXCERPT],
                    )
                if violations:
                    detail += " (model violations: %s)" % violations[:EXCERPT]
                error.detail = detail
                raise
        if response.status_code == 204 or not response.content:
            return {}
        payload = self._json_or_none(response)
        if not isinstance(payload, dict):
            raise ConnectorError(
                codes.BAD_RESPONSE,
                "%s: unreadable answer: %s" % (operation, response.text[:100]),
                True,
            )
        return payload
