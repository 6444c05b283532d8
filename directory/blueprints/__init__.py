"""Blueprints, registered by create_app()."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from directory.blueprints.public import bp as public

    app.register_blueprint(public)
    from directory.blueprints.account import bp as account

    app.register_blueprint(account)
    from directory.blueprints.manage import bp as manage

    app.register_blueprint(manage)
    from directory.blueprints.moderation import bp as moderation

    app.register_blueprint(moderation)
    from directory.blueprints.campaigns import bp as campaigns

    app.register_blueprint(campaigns)
    from directory.blueprints.editions import bp as editions

    app.register_blueprint(editions)
    from directory.blueprints.agenda_manage import bp as agenda_manage

    app.register_blueprint(agenda_manage)
    from directory.blueprints.api import bp as api

    app.register_blueprint(api)
    from directory.blueprints.exports import bp as exports

    app.register_blueprint(exports)
    from directory.blueprints.imports import bp as imports

    app.register_blueprint(imports)
    from directory.blueprints.feeds import bp as feeds

    app.register_blueprint(feeds)
    from directory.blueprints.agenda import bp as agenda

    app.register_blueprint(agenda)
    from directory.blueprints.partners import bp as partners

    app.register_blueprint(partners)
    from directory.blueprints.agenda_moderation import bp as agenda_moderation

    app.register_blueprint(agenda_moderation)
    from directory.blueprints.agenda_propose import bp as agenda_propose

    app.register_blueprint(agenda_propose)
    from directory.blueprints.printing import bp as printing

    app.register_blueprint(printing)
    from directory.blueprints.rna_claim import bp as rna_claim

    app.register_blueprint(rna_claim)
