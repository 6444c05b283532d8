"""The staff's console at scale: the home page and the queue with 10 000 listings, and
accepting 50 imported drafts in one action.

    .venv/bin/python benchmarks/staff_home.py [--listings 10000] [--requests 200] [--rounds 5]

Creates its own temporary SQLite database with `--listings` published listings (and, waiting,
300 imported drafts, 50 pending changes, 100 submitted events, 20 claims and 20 error
reports), then prints:
- GET /moderation/ (the staff home, its counts): median and p95 of `--requests` requests
  (target: p95 < 100 ms);
- GET /moderation/file (the queue, the 200 oldest of each kind) and a filtered queue;
- POST /moderation/file/decisions accepting 50 imported drafts at once (committed, each
  listing's history and mail included), `--rounds` times, each checked afterwards.
"""

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from directory import create_app  # noqa: E402
from directory.accounts.models import Role, User  # noqa: E402
from directory.accounts.operations import signin_token  # noqa: E402
from directory.agenda.models import Event  # noqa: E402
from directory.core.dates import PARIS, today_paris  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.listings import moderation, revisions  # noqa: E402
from directory.listings.models.organization import Organization  # noqa: E402
from directory.taxonomy.models import Commune  # noqa: E402
from directory.taxonomy.territory import sync_taxonomy, sync_territory  # noqa: E402
from directory.taxonomy.vocabularies import ModerationState, Status  # noqa: E402

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def imported_drafts(count: int, prefix: str) -> list[int]:
    ids = []
    for n in range(count):
        org = Organization(nom=f"{prefix} n° {n}", slug=f"{prefix.lower().replace(' ', '-')}-{n}",
                           status=Status.DRAFT)
        db.session.add(org)
        db.session.flush()
        revisions.record_creation(org, None, f"Import du fichier « rna.csv », ligne {n + 2}")
        ids.append(org.id)
    db.session.commit()
    return ids


def populate(listings: int) -> User:
    sync_territory()
    sync_taxonomy()
    db.session.execute(insert(Organization), [
        {"nom": f"Association n° {n}", "slug": f"association-{n}", "status": Status.PUBLISHED,
         "kind": "association", "social_links": [], "accessibility": []}
        for n in range(listings)
    ])
    staff = User(email="equipe@cc.fr", role=Role.MODERATOR)
    member = User(email="membre@exemple.fr")
    db.session.add_all([staff, member])
    db.session.commit()
    imported_drafts(300, "Association importée")
    commune = db.session.scalars(select(Commune)).first()
    published = list(db.session.scalars(
        select(Organization).where(Organization.status == Status.PUBLISHED).limit(100)))
    start = datetime.combine(today_paris() + timedelta(days=7), datetime.min.time(),
                             tzinfo=PARIS)
    for i, org in enumerate(published):
        db.session.add(Event(organization=org, title=f"Loto {i}", slug=f"loto-{i}",
                             starts_at=start, ends_at=start + timedelta(hours=2), commune=commune,
                             moderation_state=ModerationState.SUBMITTED))
        if i < 50:
            proposed = revisions.snapshot_of(org)
            proposed["fields"]["telephone"] = f"03 86 00 {i:02d} 00"
            revisions.save(org, member, proposed, revisions.current_number(org))
        if i < 20:
            moderation.claim(org, member, "Je suis au bureau")
            moderation.report_error(org, "Le téléphone est faux", None)
    db.session.commit()
    return staff


def timed_gets(client, path: str, count: int) -> list[float]:
    values = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        values.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return values


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def show(label: str, values: list[float]) -> None:
    print(f"{label:44} median {statistics.median(values) * 1000:7.1f} ms   "
          f"p95 {p95(values) * 1000:7.1f} ms   worst {max(values) * 1000:7.1f} ms")


def run(folder: Path, args) -> None:
    app = create_app({
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'staff.db'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SERVER_NAME": "localhost",
        "JOBS_URL": f"sqlite:///{folder / 'jobs.db'}",
        "JOBS_IMMEDIATE": True,
    })
    with app.app_context():
        db.create_all()
        staff = populate(args.listings)
        client = app.test_client()
        path = f"/compte/lien/{signin_token(staff)}"
        client.post(path, data={"csrf_token": TOKEN_RE.search(client.get(path).text).group(1)})
        total = db.session.scalar(select(func.count(Organization.id)))
        print(f"{total} listings (300 imported drafts waiting), 50 pending changes, "
              "100 submitted events, 20 claims, 20 error reports")
        timed_gets(client, "/moderation/", 5)  # warm-up
        home = timed_gets(client, "/moderation/", args.requests)
        show("GET /moderation/ (staff home)", home)
        show("GET /moderation/file (queue)", timed_gets(client, "/moderation/file", 20))
        show("GET /moderation/file?origine=import&q=12", timed_gets(
            client, "/moderation/file?origine=import&q=12", 20))
        verdict = "OK" if p95(home) < 0.1 else "TOO SLOW"
        print(f"staff home p95 < 100 ms: {verdict}")

        token = TOKEN_RE.search(client.get("/moderation/file").text).group(1)
        accepts = []
        for n in range(args.rounds):
            ids = imported_drafts(50, f"Lot {n}")
            started = time.perf_counter()
            response = client.post("/moderation/file/decisions", data={
                "csrf_token": token, "item": [f"fiche-{i}" for i in ids],
                "accept": "Accepter la sélection"})
            accepts.append(time.perf_counter() - started)
            assert response.status_code == 302, response.text[:500]
            db.session.expire_all()
            published = db.session.scalar(select(func.count(Organization.id)).where(
                Organization.id.in_(ids), Organization.status == Status.PUBLISHED))
            assert published == 50, published
        show("POST accept 50 imported drafts (committed)", accepts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="staff-bench-"))
    try:
        run(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
