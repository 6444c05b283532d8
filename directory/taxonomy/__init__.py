"""The territory and its classifications: communes, themes, publics and closed vocabularies."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.taxonomy import branding
    from directory.taxonomy.commands import territory
    from directory.taxonomy.territory import read_territory
    from directory.taxonomy.vocabularies import (
        ACCESSIBILITY_LABELS,
        FEES_LABELS,
        ORGANIZATION_KIND_LABELS,
    )

    app.extensions["territory"] = territory_data = read_territory(app.config["TERRITORY_FILE"])
    # The colour the pages use: the file's, darkened if white text on it would not read.
    colour = branding.readable_colour(territory_data.get("main_colour"))
    territory_data["colours"] = {
        "main": colour,
        "hover": branding.hover_colour(colour),
        "light": branding.light_colour(colour),
    }
    app.jinja_env.globals.update(
        kind_labels=ORGANIZATION_KIND_LABELS,
        accessibility_labels=ACCESSIBILITY_LABELS,
        fees_labels=FEES_LABELS,
    )
    app.cli.add_command(territory)
