"""Signed links sent by mail to people without an account (proposals, subscriptions).

itsdangerous with the app's secret key and one salt per purpose; a link that does not open
anything raises LinkError, whose `kind` tells the page whether it expired or is invalid.
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

#: Why a link was refused, for the page that says so.
INVALID, EXPIRED = "invalid", "expired"


class LinkError(Exception):
    """A link that does not open anything: `kind` is INVALID or EXPIRED."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


def sign(salt: str, payload: dict) -> str:
    return _serializer(salt).dumps(payload)


def read(salt: str, token: str, max_age: int | None, id_key: str) -> dict:
    """The link's payload, a dict whose `id_key` is an int; raises LinkError."""
    try:
        payload = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError(EXPIRED) from None
    except BadSignature:
        raise LinkError(INVALID) from None
    if not isinstance(payload, dict) or not isinstance(payload.get(id_key), int):
        raise LinkError(INVALID)
    return payload
