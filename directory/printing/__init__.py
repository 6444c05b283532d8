"""The PDF engine and the printed directory: paper directory, guides, commune posters.

The PDF engine (restricted fetcher, worker processes, imposition, QR codes) and the printed
directory: the paper directory, guides per public and commune posters.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.printing.commands import printing

    app.cli.add_command(printing)
