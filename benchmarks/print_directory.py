"""Printed directory benchmark: the demo directory, a guide and the largest commune poster.

    .venv/bin/python benchmarks/print_directory.py

Creates its own temporary SQLite database with the demo directory (`flask demo load`), then
builds, without the disk cache: the paper directory (HTML, then PDF), the seniors guide and
the Pont-sur-Yonne poster. Prints wall-clock and CPU seconds (the CPU figure is the one to
compare on a loaded machine) and the number of pages.
"""

import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from directory import create_app  # noqa: E402
from directory.demo.generate import load_demo  # noqa: E402
from directory.printing import catalog, guides  # noqa: E402
from directory.printing import paper as editions  # noqa: E402
from directory.printing.pdf import render_pdf  # noqa: E402
from directory.taxonomy.territory import sync_taxonomy, sync_territory  # noqa: E402


def measure(label: str, build):
    wall, cpu = time.perf_counter(), time.process_time()
    result = build()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = len(PdfReader(io.BytesIO(result)).pages) if isinstance(result, bytes) else "-"
    print(f"{label:<38} {wall:7.2f} s wall {cpu:7.2f} s CPU   pages: {pages}")
    return result


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-print-"))
    try:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "SEARCH_INDEX_DIR": str(tmp / "index"),
            "SERVER_NAME": "annuaire.exemple.fr",
        })
        app.instance_path = str(tmp)
        with app.app_context():
            upgrade()
            sync_territory()
            sync_taxonomy()
            count = load_demo()
        print(f"Demo directory: {count} organisations")
        with app.test_request_context():
            html = measure("directory: HTML", editions.directory_html)
            measure("directory: PDF (QR codes, indexes)", lambda: render_pdf(html))
            guide = guides.get_guide("seniors")
            measure("guide seniors: HTML + PDF", lambda: render_pdf(editions.guide_html(guide)))
            pont = catalog.territory_commune("pont-sur-yonne")
            measure("poster Pont-sur-Yonne (fit to 1 page)", lambda: editions.poster_pdf(pont))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
