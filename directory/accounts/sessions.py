"""Which account a session belongs to: Flask-Login's user loader, with its replay checks."""

from flask import session
from sqlalchemy import select

from directory.accounts.models import User, fingerprint
from directory.core.extensions import db, login_manager


def load_user(session_id: str):
    # A session cookie replayed from another address or browser is dropped (login_user()
    # stored the identifier of the one that signed in).
    if session.get("_id") != login_manager._session_identifier_generator():
        session.pop("_user_id", None)
        return None
    user_id, _, password_print = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.scalars(select(User).where(User.id == int(user_id))).first()
    # Archived, or the password changed since this session began: signed out.
    if user is None or not user.is_active or fingerprint(user.password_hash) != password_print:
        return None
    return user
