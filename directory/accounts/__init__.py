"""Accounts: users and their roles, sign-in and its links, the session's user, permissions."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.accounts import templating
    from directory.accounts.sessions import load_user, session_identifier
    from directory.core.extensions import login_manager

    login_manager.user_loader(load_user)
    login_manager._session_identifier_generator = session_identifier
    app.jinja_env.globals.update(
        user_is_staff=templating.user_is_staff,
        user_is_professional=templating.user_is_professional,
    )
