"""Weekly digest benchmark: build and send it to 10 000 subscribers, in batches, to a loopback
SMTP sink.

    .venv/bin/python benchmarks/newsletters.py [--subscribers 10000] [--batch 200]

Creates its own temporary SQLite database holding 300 published organisations (a tenth
changed this week), 400 events over the coming month, 40 volunteer missions, and
`--subscribers` confirmed weekly subscribers, each following one or two themes, sometimes a
public or a commune (a few hundred distinct choices). Then runs what cron does,
`flask newsletters send-digests`: the run claims one delivery per subscriber, queues batches
of `--batch` mails, and each batch builds the digests (once per distinct choice) and sends
them over one SMTP connection to an aiosmtpd server on 127.0.0.1 (another process) that
counts what it gets.
The queue runs in immediate mode (the batches one after the other in this process: what one
worker does). Prints the time to claim, to build and send, mails per second, and checks that
the sink received exactly the mails recorded as sent.
"""

import argparse
import multiprocessing
import random
import shutil
import socket
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from directory import create_app  # noqa: E402
from directory.agenda.models import Event, event_themes  # noqa: E402
from directory.core import jobs as core_jobs  # noqa: E402
from directory.core.dates import PARIS, today_paris  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.core.models import utcnow  # noqa: E402
from directory.listings.models.organization import (  # noqa: E402
    Organization,
    organization_communes,
    organization_themes,
)
from directory.newsletters import jobs as newsletter_jobs  # noqa: E402
from directory.newsletters import queries  # noqa: E402
from directory.newsletters.models import Delivery, Subscription  # noqa: E402
from directory.taxonomy.models import Commune, Public, Theme  # noqa: E402
from directory.taxonomy.territory import sync_taxonomy, sync_territory  # noqa: E402
from directory.taxonomy.vocabularies import ModerationState, Status  # noqa: E402
from directory.volunteering.models import Mission, mission_themes  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """Counts the mails it accepts, without parsing them."""

    def __init__(self, count, size):
        self.count = count
        self.size = size

    async def handle_DATA(self, server, session, envelope):
        with self.count.get_lock():
            self.count.value += 1
            self.size.value += len(envelope.content)
        return "250 OK"


def serve_sink(port: int, count, size, ready, stop) -> None:
    """The SMTP sink, in a process of its own as a real server would be (in this process it
    would wait for the GIL at each SMTP round trip)."""
    controller = Controller(Sink(count, size), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def fill(n_subscribers: int, seed: int) -> None:
    rng = random.Random(seed)
    now = utcnow()
    today = today_paris()
    parents = list(db.session.scalars(select(Theme).where(Theme.parent_id.is_(None))))
    children = list(db.session.scalars(select(Theme).where(Theme.parent_id.is_not(None))))
    communes = list(db.session.scalars(select(Commune).where(Commune.in_territory.is_(True))))
    publics = list(db.session.scalars(select(Public)))
    orgs = []
    for i in range(300):
        recent = i % 10 == 0
        org = Organization(nom=f"Association n° {i + 1}", slug=f"association-{i + 1}",
                           status=Status.PUBLISHED,
                           created_at=now - timedelta(days=3 if i % 30 == 0 else 400),
                           last_edited_at=now - timedelta(days=2 if recent else 60))
        orgs.append(org)
    db.session.add_all(orgs)
    db.session.flush()
    db.session.execute(insert(organization_themes), [
        {"organization_id": o.id, "theme_id": t.id}
        for o in orgs for t in rng.sample(children, 2)])
    db.session.execute(insert(organization_communes), [
        {"organization_id": o.id, "commune_id": rng.choice(communes).id} for o in orgs])
    events = []
    for i in range(400):
        start = today + timedelta(days=rng.randrange(0, 31))
        starts = datetime.combine(start, clock(rng.choice([10, 14, 18, 20])), tzinfo=PARIS)
        events.append(Event(organization_id=rng.choice(orgs).id, title=f"Rendez-vous n° {i + 1}",
                            slug=f"rendez-vous-{i + 1}", starts_at=starts,
                            ends_at=starts + timedelta(hours=2),
                            series_ends_at=starts + timedelta(hours=2),
                            commune_id=rng.choice(communes).id,
                            moderation_state=ModerationState.PUBLISHED))
    db.session.add_all(events)
    db.session.flush()
    db.session.execute(insert(event_themes), [
        {"event_id": e.id, "theme_id": rng.choice(children).id} for e in events])
    missions = [Mission(organization_id=rng.choice(orgs).id, title=f"Mission n° {i + 1}",
                        description="Aider.", starts_on=today, commune_id=rng.choice(communes).id,
                        created_at=now - timedelta(days=rng.randrange(0, 14)))
                for i in range(40)]
    db.session.add_all(missions)
    db.session.flush()
    db.session.execute(insert(mission_themes), [
        {"mission_id": m.id, "theme_id": rng.choice(children).id} for m in missions])
    rows = []
    for i in range(n_subscribers):
        rows.append({
            "email": f"abonne{i}@exemple.fr", "frequency": "hebdomadaire",
            "themes": sorted(t.slug for t in rng.sample(parents, rng.choice([1, 1, 2]))),
            "publics": [rng.choice(publics).slug] if rng.random() < 0.2 else [],
            "communes": [rng.choice(communes).slug] if rng.random() < 0.3 else [],
            "missions": rng.random() < 0.7, "created_at": now, "confirmed_at": now,
        })
    db.session.execute(insert(Subscription), rows)
    db.session.commit()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    folder = Path(tempfile.mkdtemp(prefix="newsletters-bench-"))
    port = free_port()
    context = multiprocessing.get_context("spawn")
    count, size = context.Value("l", 0), context.Value("q", 0)
    ready, stop = context.Event(), context.Event()
    server = context.Process(target=serve_sink, args=(port, count, size, ready, stop))
    server.start()
    try:
        ready.wait(10)
        run(folder, args, (count, size), port)
    finally:
        stop.set()
        server.join(10)
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, args, sink, port: int) -> None:
    app = create_app({
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SERVER_NAME": "localhost",
        "JOBS_IMMEDIATE": True,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "NEWSLETTER_BATCH_SIZE": args.batch,
        "NEWSLETTER_BOUNCE_ADDRESS": "rebonds@exemple.fr",
    })
    app.instance_path = str(folder)
    with app.app_context():
        db.create_all()
        sync_territory()
        sync_taxonomy()
        db.session.commit()
        started = time.perf_counter()
        fill(args.subscribers, args.seed)
        print(f"{args.subscribers} subscribers, 300 listings, 400 events, 40 missions "
              f"inserted in {time.perf_counter() - started:.1f} s")
        distinct = len({queries.Criteria.of(s) for s in db.session.scalars(select(Subscription))})
        db.session.expire_all()

        started = time.perf_counter()
        job = newsletter_jobs.start_digests("hebdomadaire", utcnow())
        db.session.commit()  # the run, then every batch, executes here (immediate queue)
        total = time.perf_counter() - started
        job = db.session.get(core_jobs.Job, job.id)
        counts = dict(db.session.execute(
            select(Delivery.state, func.count()).group_by(Delivery.state)).all())
        sent = counts.get("envoye", 0)
        print(f"{distinct} distinct choices (digests built once each), "
              f"{job.report['batches']} batches of {args.batch}")
        print(f"weekly digest built and sent to {args.subscribers} subscribers: {total:.1f} s "
              f"({sent / total:.0f} mails/s); sent {sent}, nothing to send "
              f"{counts.get('vide', 0)}, failed {counts.get('echec', 0)}")
        received, size = sink[0].value, sink[1].value
        print(f"SMTP sink (another process) received {received} mails, "
              f"{size / max(received, 1) / 1024:.1f} KiB each on average")
        assert received == sent, (received, sent)


if __name__ == "__main__":
    main()
