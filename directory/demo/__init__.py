"""Fictional demo content for the Communauté de communes Yonne Nord, and synthetic territories."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.demo.commands import demo

    app.cli.add_command(demo)
