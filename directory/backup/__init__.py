"""Backup and restore: the whole database and the uploaded files in one archive.

`flask backup create` writes a .tar.gz (every table, row by row in a portable JSON form, read
in one consistent snapshot, plus the upload folders and the instance's secret key);
`flask backup restore` loads it into an empty database (migrating it first), puts the files
back and rebuilds the search index. See archive.py.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.backup.commands import backup

    app.cli.add_command(backup)
