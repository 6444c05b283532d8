"""Blueprints, registered by create_app()."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from directory.blueprints.public import bp as public

    app.register_blueprint(public)
    from directory.blueprints.account import bp as account

    app.register_blueprint(account)
