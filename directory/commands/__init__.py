"""CLI groups, one per feature: `flask --app directory <group> <command>`."""

from flask import Flask


def register_commands(app: Flask) -> None:
    from directory.commands.agenda import agenda
    from directory.commands.campaigns import campaigns
    from directory.commands.demo import demo
    from directory.commands.editions import editions
    from directory.commands.imports import imports_group
    from directory.commands.partners import partners
    from directory.commands.printing import printing
    from directory.commands.search import search
    from directory.commands.territory import territory
    from directory.commands.users import users

    app.cli.add_command(agenda)
    app.cli.add_command(campaigns)
    app.cli.add_command(demo)
    app.cli.add_command(editions)
    app.cli.add_command(imports_group)
    app.cli.add_command(partners)
    app.cli.add_command(printing)
    app.cli.add_command(search)
    app.cli.add_command(territory)
    app.cli.add_command(users)
