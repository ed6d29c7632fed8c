"""Login with Amazon (LWA): the access token every SP-API call carries.

The refresh token of the seller's authorisation is exchanged at the token URL
for an access token valid ``expires_in`` seconds (one hour). The token is kept
and reused until shortly before it expires; an answer saying it expired
anyway clears it, and the next call asks for a new one, once.
"""

from dataclasses import dataclass

from ..errors import DomainError

TOKEN_URL = "https://api.amazon.com/auth/o2/token"
# Renew this long before the announced expiry (clock skew, a slow call).
MARGIN = 60.0


def token_request(client_id, client_secret, refresh_token):
    """Form body of the refresh-token grant."""
    if not (client_id and client_secret and refresh_token):
        raise DomainError("The Login with Amazon credentials are incomplete.")
    return {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        "client_id": client_id,
        "client_secret": client_secret,
    }


@dataclass(frozen=True)
class AccessToken:
    value: str
    expires_at: float

    def __repr__(self):
        # Never the token, whatever prints this object.
        return "<AccessToken expires_at=%s>" % self.expires_at

    @classmethod
    def from_answer(cls, payload, now):
        """Token of the token URL's JSON answer.

        :raise DomainError: the answer carries no usable token
        """
        if not isinstance(payload, dict):
            raise DomainError("The token answer is not a JSON object.")
        value = payload.get("access_token")
        if not isinstance(value, str) or not value:
            raise DomainError("The token answer has no access_token.")
        try:
            lifetime = float(payload.get("expires_in", 3600))
        except (TypeError, ValueError) as exc:
            raise DomainError("The token answer's expires_in is no number.") from exc
        return cls(value, now + max(0.0, lifetime))

    @classmethod
    def from_dict(cls, data):
        if not isinstance(data, dict) or not data.get("value"):
            return None
        try:
            return cls(str(data["value"]), float(data.get("expires_at") or 0))
        except (TypeError, ValueError):
            return None

    def to_dict(self):
        return {"value": self.value, "expires_at": self.expires_at}

    def valid(self, now, margin=MARGIN):
        return bool(self.value) and now < self.expires_at - margin
