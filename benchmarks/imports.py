"""A 5 000-row CSV import from the staff's page: how long the page takes, how long the work.

    .venv/bin/python benchmarks/imports.py [--rows 5000]

Creates its own temporary SQLite database and job queue file, posts a `--rows` CSV to
/moderation/imports/csv ("import the valid rows"), and prints the time of the POST (it only
stores the file and queues the job), of the job itself as the worker runs it, and of the
progress page while it waits.
"""

import argparse
import io
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from directory import create_app  # noqa: E402
from directory.accounts.models import Role, User  # noqa: E402
from directory.accounts.operations import signin_token  # noqa: E402
from directory.core import jobs  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.listings.models.organization import Organization  # noqa: E402
from directory.opendata import jobs as import_jobs  # noqa: E402
from directory.taxonomy.territory import sync_taxonomy, sync_territory  # noqa: E402

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def run(folder: Path, rows: int) -> None:
    app = create_app({
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'imports.db'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SERVER_NAME": "localhost",
        "JOBS_URL": f"sqlite:///{folder / 'jobs.db'}",
    })
    with app.app_context():
        db.create_all()
        sync_territory()
        sync_taxonomy()
        staff = User(email="equipe@cc.fr", role=Role.MODERATOR)
        db.session.add(staff)
        db.session.commit()
        client = app.test_client()
        path = f"/compte/lien/{signin_token(staff)}"
        client.post(path, data={"csrf_token": TOKEN_RE.search(client.get(path).text).group(1)})
        lines = ["Nom;Commune;Téléphone;Thème"] + [
            f"Association n° {i};Sergines;03 86 {i // 100 % 100:02d} {i % 100:02d} 00;"
            "Patrimoine et histoire locale"
            for i in range(rows)
        ]
        token = TOKEN_RE.search(client.get("/moderation/imports/csv").text).group(1)
        started = time.perf_counter()
        response = client.post("/moderation/imports/csv", data={
            "csrf_token": token, "mode": "valides",
            "fichier": (io.BytesIO("\n".join(lines).encode()), "annuaire.csv"),
        })
        post_s = time.perf_counter() - started
        assert response.status_code == 302
        job_path = response.location
        started = time.perf_counter()
        client.get(job_path)
        page_ms = (time.perf_counter() - started) * 1000
        job_id = int(job_path.rstrip("/").rsplit("/", 1)[1])
        started, cpu = time.perf_counter(), time.process_time()
        import_jobs.run_csv_import.call_local(job_id)  # what the worker does
        job_s = time.perf_counter() - started
        job_cpu = time.process_time() - cpu
        db.session.expire_all()
        created = db.session.scalar(select(func.count(Organization.id)))
        job = db.session.get(jobs.Job, job_id)
        assert job.state == jobs.JobState.DONE and created == rows, (job.report or {}).get(
            "excluded", [])[:2] or job.report
        report = client.get(job_path).text
        assert f"{rows} fiche(s) importée(s)" in report
    print(f"{rows}-row CSV: POST (file stored, job queued) {post_s * 1000:.0f} ms; "
          f"progress page {page_ms:.0f} ms; the job in the worker {job_s:.1f} s "
          f"({rows / job_s:.0f} rows/s; {job_cpu:.1f} s of CPU, {job_cpu / rows * 1000:.1f} ms "
          f"per row), report page shown")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="imports-bench-"))
    try:
        run(folder, args.rows)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
