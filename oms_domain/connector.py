"""Errors of connector calls, as codes the addon turns into messages."""

UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
THROTTLED = "throttled"
SERVER_ERROR = "server_error"
AUTH = "auth"
CLIENT_ERROR = "client_error"
BAD_RESPONSE = "bad_response"
API_ERROR = "api_error"
USER_ERRORS = "user_errors"
URL_REFUSED = "url_refused"
NOT_FOUND = "not_found"


class ConnectorError(Exception):
    """A call to a marketplace API failed.

    :param code: one of the constants of this module
    :param detail: technical detail (status, excerpt of the answer) for the
        account's manager-only error field; never contains credentials
    :param retryable: the same call may succeed later
    :param retry_after: seconds the API asked us to wait, if it said so
    """

    def __init__(self, code, detail="", retryable=False, retry_after=None, status=None):
        super().__init__("%s: %s" % (code, detail) if detail else code)
        self.code = code
        self.detail = detail
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status
