"""Signed links of subscriptions: the confirmation link, and the link that manages or stops one.

Two links (itsdangerous, the app's secret key, one salt each), both naming the subscription
and its address: the confirmation is valid CONFIRM_MAX_AGE; the management link (in every
mail, also the one-click unsubscribe) as long as the subscription keeps that address.
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from directory.core.extensions import db
from directory.newsletters.models import Subscription

CONFIRM_MAX_AGE = 7 * 24 * 3600

#: Why a link was refused, for the page that says so.
INVALID, EXPIRED = "invalid", "expired"


class LinkError(Exception):
    """A link that does not open anything: `kind` is INVALID or EXPIRED."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"directory.newsletters.{purpose}")


def confirm_token(subscription: Subscription) -> str:
    return _serializer("confirm").dumps({"s": subscription.id, "m": subscription.email})


def manage_token(subscription: Subscription) -> str:
    return _serializer("manage").dumps({"s": subscription.id, "m": subscription.email})


def _load(purpose: str, token: str, max_age: int | None) -> Subscription | None:
    """The subscription, or None when it no longer has the link's address (unsubscribed)."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError(EXPIRED) from None
    except BadSignature:
        raise LinkError(INVALID) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise LinkError(INVALID)
    subscription = db.session.get(Subscription, payload["s"])
    if subscription is None:
        raise LinkError(INVALID)
    if subscription.email is None or subscription.email != payload.get("m"):
        return None
    return subscription


def subscription_to_confirm(token: str) -> Subscription | None:
    return _load("confirm", token, CONFIRM_MAX_AGE)


def subscription_to_manage(token: str) -> Subscription | None:
    return _load("manage", token, None)
