"""Which account a session belongs to: Flask-Login's user loader, with its replay checks."""

import hashlib

from flask import request, session
from sqlalchemy import select

from directory.accounts.models import User
from directory.core.extensions import db, login_manager


def session_identifier() -> str:
    """The browser a session was opened in: its address as ProxyFix established it (the
    proxies' own entry of X-Forwarded-For, never one a client wrote) and its User-Agent.
    Flask-Login's default reads the first, client-written, X-Forwarded-For entry."""
    base = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha512(base.encode("utf-8", "replace")).hexdigest()


def load_user(session_id: str):
    # A session cookie replayed from another address or browser is dropped (login_user()
    # stored the identifier of the one that signed in).
    if session.get("_id") != login_manager._session_identifier_generator():
        session.pop("_user_id", None)
        return None
    user_id, _, session_print = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.scalars(select(User).where(User.id == int(user_id))).first()
    # Archived, or the password changed or the user signed out since this session began.
    if user is None or not user.is_active or user.session_print != session_print:
        return None
    return user
