"""The territory and its classifications: communes, themes, publics and closed vocabularies."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.taxonomy.commands import territory
    from directory.taxonomy.territory import read_territory
    from directory.taxonomy.vocabularies import (
        ACCESSIBILITY_LABELS,
        FEES_LABELS,
        ORGANIZATION_KIND_LABELS,
    )

    app.extensions["territory"] = read_territory(app.config["TERRITORY_FILE"])
    app.jinja_env.globals.update(
        kind_labels=ORGANIZATION_KIND_LABELS,
        accessibility_labels=ACCESSIBILITY_LABELS,
        fees_labels=FEES_LABELS,
    )
    app.cli.add_command(territory)
