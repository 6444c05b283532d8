"""Signed links of subscriptions: the confirmation link, and the link that manages or stops one.

Two links (itsdangerous, the app's secret key, one salt each), both naming the subscription
and its address: the confirmation is valid CONFIRM_MAX_AGE; the management link (in every
mail, also the one-click unsubscribe) as long as the subscription keeps that address.
"""

from directory.core.extensions import db
from directory.core.links import EXPIRED, INVALID, LinkError, read, sign
from directory.newsletters.models import Subscription

__all__ = ["EXPIRED", "INVALID", "LinkError", "confirm_token", "manage_token",
           "subscription_to_confirm", "subscription_to_manage"]

CONFIRM_MAX_AGE = 7 * 24 * 3600
_SALT = "directory.newsletters.{}"


def confirm_token(subscription: Subscription) -> str:
    return sign(_SALT.format("confirm"), {"s": subscription.id, "m": subscription.email})


def manage_token(subscription: Subscription) -> str:
    return sign(_SALT.format("manage"), {"s": subscription.id, "m": subscription.email})


def _load(purpose: str, token: str, max_age: int | None) -> Subscription | None:
    """The subscription, or None when it no longer has the link's address (unsubscribed)."""
    payload = read(_SALT.format(purpose), token, max_age, "s")
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
