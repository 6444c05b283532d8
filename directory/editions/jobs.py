"""The quarterly agenda's background work: its PDFs, and the deadline reminders each morning.

The finalised edition's PDF (editions.builds) and the staff's drafts (through printing.store)
are laid out by the job worker; reminders are never sent twice."""

import hashlib
import json

from huey import crontab

from directory.core import jobs
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.editions import operations as editions
from directory.editions.builds import build_final_pdf
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

__all__ = ["build_final_pdf", "send_edition_reminders"]


@jobs.periodic(crontab(minute="0", hour="6"))
def send_edition_reminders() -> dict:
    return dict(send_due(utcnow()))
