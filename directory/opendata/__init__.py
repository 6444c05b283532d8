"""Data in and out: the JSON API and its OpenAPI document, exports, CSV and RNA imports."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.opendata.commands import imports_group

    app.cli.add_command(imports_group)
