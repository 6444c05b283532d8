"""Accounts: registration, sign-in and the signed token links mailed for them.

Tokens are signed and timed (itsdangerous); each carries what must still hold for it to work,
so that single use needs no table: a sign-in link carries the last sign-in time, a reset link
a print of the password hash (invitations, in listings/members.py, their row).
"""

import secrets

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from directory.accounts.models import (
    Role,
    User,
    fingerprint,
    normalize_email,
    password_hasher,
    verify_dummy_password,
)
from directory.core.extensions import db
from directory.core.models import utcnow

#: Seconds each kind of link stays valid.
MAX_AGE = {
    "signin": 15 * 60,
    "verify": 7 * 24 * 3600,
    "reset": 2 * 3600,
    "invitation": 14 * 24 * 3600,
    "device": 365 * 24 * 3600,
}


# Tokens ---------------------------------------------------------------------------------------


def make_token(purpose: str, payload: dict, issued_at: int | None = None) -> str:
    """A URL-safe signed token; `issued_at` (Unix time) backdates it, for expiry tests."""
    serializer = _serializer(purpose)
    if issued_at is not None:
        serializer.signer = type(
            "BackdatedSigner", (TimestampSigner,), {"get_timestamp": lambda self: issued_at}
        )
    return serializer.dumps(payload)


def read_token(purpose: str, token: str) -> dict | None:
    """The payload, or None when the token is forged, for another purpose or expired."""
    try:
        payload = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except BadSignature:  # SignatureExpired is a BadSignature
        return None
    return payload if isinstance(payload, dict) else None


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"directory.account.{purpose}")


def _user(payload: dict | None) -> User | None:
    if not payload or not isinstance(payload.get("u"), int):
        return None
    user = db.session.get(User, payload["u"])
    return user if user is not None and user.is_active else None


def _login_stamp(user: User) -> str:
    return user.last_login_at.isoformat() if user.last_login_at else ""


def signin_token(user: User, issued_at: int | None = None) -> str:
    return make_token("signin", {"u": user.id, "l": _login_stamp(user)}, issued_at)


def user_from_signin_token(token: str) -> User | None:
    """The user of a valid sign-in link; any sign-in since it was sent makes it void."""
    payload = read_token("signin", token)
    user = _user(payload)
    if user is None or payload.get("l") != _login_stamp(user):
        return None
    return user


def device_token(user: User) -> str:
    """Kept by a browser that signed in: the account's own browsers are not held back by the
    per-address limit on wrong passwords that others cause (see blueprints.accounts)."""
    return make_token("device", {"e": user.email})


def device_email(token: str | None) -> str | None:
    payload = read_token("device", token) if token else None
    return payload.get("e") if payload else None


def verification_token(user: User) -> str:
    return make_token("verify", {"u": user.id, "e": user.email})


def verify_email(token: str, kept_password: str | None = None) -> tuple[User | None, bool]:
    """(user, whether the password chosen at registration was voided); see prove_address."""
    payload = read_token("verify", token)
    user = _user(payload)
    if user is None or payload.get("e") != user.email:
        return None, False
    return user, prove_address(user, kept_password)


def prove_address(user: User, kept_password: str | None = None) -> bool:
    """The owner of the address has just shown it (a mailed link was followed).

    A password set before the address was proven may be anyone's: whoever registered the
    address first, the owner or not. It is kept only when `kept_password` (the print of the
    password this browser chose at registration) matches it; otherwise it is voided, and the
    owner signs in by link or chooses a password. Returns True when a password was voided.
    """
    voided = False
    chosen_here = kept_password is not None and kept_password == fingerprint(user.password_hash)
    if not user.is_verified and user.password_hash and not chosen_here:
        user.password_hash = None
        voided = True
    user.mark_verified()
    db.session.flush()
    return voided


def reset_token(user: User, issued_at: int | None = None) -> str:
    return make_token("reset", {"u": user.id, "p": fingerprint(user.password_hash)}, issued_at)


def user_from_reset_token(token: str) -> User | None:
    """The user of a valid reset link; a password change (this reset included) voids it."""
    payload = read_token("reset", token)
    user = _user(payload)
    if user is None or payload.get("p") != fingerprint(user.password_hash):
        return None
    return user


# Accounts -------------------------------------------------------------------------------------


def register(email: str, password: str | None, name: str | None = None) -> tuple[User, bool]:
    """A new unverified account, or (existing account, False) when the email is taken.

    An account whose address was never proven belongs to nobody yet: registering it again
    replaces its password and name (the owner is not blocked by someone else's registration;
    prove_address() decides which password survives).
    """
    existing = User.by_email(email)
    if existing is not None:
        if not existing.is_verified and existing.is_active:
            existing.password_hash = None
            if password:
                existing.set_password(password)
            existing.name = name or existing.name
            db.session.flush()
        elif password:
            # As slow as a new account's hash: the answer's time tells nothing.
            password_hasher.hash(password)
        return existing, False
    user = User(email=normalize_email(email), name=name or None)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user, True


def authenticate(email: str, password: str) -> User | None:
    """The active account with this email and password; as slow for an unknown email."""
    user = User.by_email(email)
    if user is None:
        verify_dummy_password(password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def find_active(email: str) -> User | None:
    user = User.by_email(email)
    return user if user is not None and user.is_active else None


def record_login(user: User) -> None:
    """Called at each sign-in: voids the sign-in links sent before."""
    user.last_login_at = utcnow()
    db.session.flush()


def end_sessions(user: User) -> None:
    """Sign-out: every session cookie of this account issued so far stops working."""
    user.session_key = secrets.token_hex(16)
    db.session.flush()


def set_password(user: User, password: str) -> None:
    """A new password; whoever followed a reset link proved the address is theirs."""
    user.set_password(password)
    user.mark_verified()
    db.session.flush()


def create_user(
    email: str,
    role: str | None = None,
    password: str | None = None,
    name: str | None = None,
) -> User:
    """An account created by an administrator: verified at once."""
    if role is not None and role not in set(Role):
        raise ValueError(f"unknown role {role!r}")
    user = User(email=normalize_email(email), role=role, name=name or None)
    user.mark_verified()
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def archive_user(user: User) -> None:
    """Accounts are archived, never deleted: revisions keep pointing at their author."""
    if user.archived_at is None:
        user.archived_at = utcnow()
        db.session.flush()
