"""The quarterly agenda's background work: PDFs laid out by the job worker (a finalised
edition's, and the staff's drafts through printing.store), and the deadline reminders each
morning (never twice)."""

import hashlib
import json

from huey import crontab

from directory.core import jobs
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.editions import layout as quarterly
from directory.editions import operations as editions
from directory.editions.mails import send_due
from directory.editions.models import Edition
from directory.printing import paper, store

#: A draft's PDFs in printing.store: name "<edition id>-<page size>".
KIND = "agenda"


def _split(name: str) -> tuple[Edition, str]:
    edition_id, size = name.split("-", 1)
    return db.session.get(Edition, int(edition_id)), size


def draft_version(name: str) -> str:
    """What the draft prints now (its content, page size, layout files)."""
    edition, size = _split(name)
    content = dict(editions.content(edition))
    content.pop("made_at", None)  # the time it was read, not what it prints
    raw = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(f"{raw}|{size}|{paper.layout_version()}".encode()).hexdigest()[:24]


def build_draft(name: str) -> bytes:
    edition, size = _split(name)
    return editions.pdf(edition, size)


store.register(KIND, version=draft_version, build=build_draft)


@jobs.task()
def build_final_pdf(edition_id: int) -> None:
    """The finalised edition's A4 PDF, laid out once from its frozen content and kept."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or not edition.is_finalised or edition.pdf is not None:
        return
    edition.pdf = quarterly.render_edition_pdf(edition.content, "a4")
    db.session.commit()


@jobs.periodic(crontab(minute="0", hour="6"))
def send_edition_reminders() -> dict:
    return dict(send_due(utcnow()))
