"""Merging two duplicate listings with 20 events each, and undoing it.

    .venv/bin/python benchmarks/merge.py [--listings 1000] [--events 20] [--rounds 10]

Creates its own temporary SQLite database with `--listings` published listings, then, for
each round, two new duplicates each holding `--events` events, 3 activities, 3 contacts and 2
members, and prints the time (median and worst) of:
- the merge through the staff's page (POST /moderation/doublons/fusionner, committed), and
- undoing it through the history's button (POST /moderation/fusions/<id>/annuler),
each checked afterwards (every event moved, then moved back).
"""

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from directory import create_app  # noqa: E402
from directory.accounts.models import Role, User  # noqa: E402
from directory.accounts.operations import signin_token  # noqa: E402
from directory.agenda.models import Event  # noqa: E402
from directory.core.dates import PARIS, today_paris  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.listings.models.contact import Contact  # noqa: E402
from directory.listings.models.membership import Membership  # noqa: E402
from directory.listings.models.merge import ListingMerge  # noqa: E402
from directory.listings.models.organization import Organization  # noqa: E402
from directory.listings.models.service import Service  # noqa: E402
from directory.taxonomy.models import Commune  # noqa: E402
from directory.taxonomy.territory import sync_taxonomy, sync_territory  # noqa: E402
from directory.taxonomy.vocabularies import ModerationState, Status  # noqa: E402

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def pair(n: int, events: int, commune: Commune) -> tuple[Organization, Organization]:
    from datetime import datetime
    from datetime import time as clock

    orgs = []
    for suffix in ("", f" ({n})"):
        org = Organization(nom=f"Comité des fêtes n° {n}{suffix}",
                           slug=f"comite-{n}{'-bis' if suffix else ''}", status=Status.PUBLISHED)
        db.session.add(org)
        db.session.flush()
        for i in range(3):
            db.session.add(Service(organization=org, nom=f"Activité {i}"))
            db.session.add(Contact(organization_id=org.id, label=f"Contact {i}"))
        for i in range(2):
            user = User(email=f"membre{n}-{org.id}-{i}@exemple.fr")
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user=user, organization=org))
        day = today_paris() + timedelta(days=7)
        for i in range(events):
            start = datetime.combine(day + timedelta(days=i), clock(14, 30), tzinfo=PARIS)
            db.session.add(Event(organization=org, title=f"Loto {org.id}-{i}",
                                 slug=f"loto-{org.id}-{i}", starts_at=start,
                                 ends_at=start + timedelta(hours=2), commune=commune,
                                 moderation_state=ModerationState.PUBLISHED))
        orgs.append(org)
    db.session.commit()
    return orgs[0], orgs[1]


def events_of(org_id: int) -> int:
    return db.session.scalar(select(func.count(Event.id)).where(Event.organization_id == org_id))


def run(folder: Path, args) -> None:
    app = create_app({
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'merge.db'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SERVER_NAME": "localhost",
        "JOBS_IMMEDIATE": True,
    })
    with app.app_context():
        db.create_all()
        sync_territory()
        sync_taxonomy()
        for n in range(args.listings):
            db.session.add(Organization(nom=f"Association n° {n}", slug=f"association-{n}",
                                        status=Status.PUBLISHED, telephone=f"03 86 {n:06d}"))
        staff = User(email="equipe@cc.fr", role=Role.MODERATOR)
        db.session.add(staff)
        db.session.commit()
        commune = db.session.scalars(select(Commune)).first()
        client = app.test_client()
        path = f"/compte/lien/{signin_token(staff)}"
        token = TOKEN_RE.search(client.get(path).text).group(1)
        client.post(path, data={"csrf_token": token})
        token = TOKEN_RE.search(client.get("/moderation/doublons").text).group(1)
        merges, undos = [], []
        for n in range(args.rounds):
            kept, other = pair(n, args.events, commune)
            kept_id, other_id = kept.id, other.id
            started = time.perf_counter()
            response = client.post("/moderation/doublons/fusionner",
                                   data={"csrf_token": token, "kept": kept_id, "other": other_id})
            merges.append(time.perf_counter() - started)
            assert response.status_code == 302, response.text[:500]
            db.session.expire_all()
            assert events_of(kept_id) == 2 * args.events and events_of(other_id) == 0
            merge_id = db.session.scalar(select(func.max(ListingMerge.id)))
            started = time.perf_counter()
            response = client.post(f"/moderation/fusions/{merge_id}/annuler",
                                   data={"csrf_token": token})
            undos.append(time.perf_counter() - started)
            assert response.status_code == 302
            db.session.expire_all()
            assert events_of(kept_id) == args.events and events_of(other_id) == args.events
    print(f"{args.listings} other listings; two duplicates of {args.events} events, 3 activities, "
          f"3 contacts and 2 members each; {args.rounds} rounds")
    for label, values in (("merge (POST, committed)", merges), ("undo (POST, committed)", undos)):
        print(f"{label:26} median {statistics.median(values) * 1000:7.1f} ms   "
              f"worst {max(values) * 1000:7.1f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="merge-bench-"))
    try:
        run(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
