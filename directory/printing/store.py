"""Printed editions built by the job worker and kept in the database, never built in a request.

A page asks for an edition at the version of today's data: the current file if it was built
for it; otherwise a build is queued (once per version) and the page serves the previous file
meanwhile, or says « en préparation » when there is none. Each kind of edition registers how
to compute its version and how to build it (`register`); the worker's task builds in a request
context on the public address (templates use url_for, QR codes the public URL).
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from directory.core import jobs
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.urls import public_root
from directory.printing.models import PrintedFile

log = logging.getLogger(__name__)

#: A build asked for this long ago and not done: its task was lost, it is queued again.
STUCK_AFTER = timedelta(minutes=20)


@dataclass(frozen=True)
class Kind:
    #: name -> version of what it would print now (short string)
    version: Callable[[str], str]
    #: name -> PDF bytes
    build: Callable[[str], bytes]


_kinds: dict[str, Kind] = {}


def register(kind: str, *, version: Callable[[str], str], build: Callable[[str], bytes]) -> None:
    _kinds[kind] = Kind(version, build)


def site() -> str:
    """Builds for another public address (QR codes) are never served in place of this one's."""
    return hashlib.sha256(public_root().encode()).hexdigest()[:8]


def find(kind: str, name: str) -> PrintedFile | None:
    return db.session.scalars(
        select(PrintedFile).where(PrintedFile.kind == kind, PrintedFile.name == name,
                                  PrintedFile.site == site())
        .options(undefer(PrintedFile.data))
        .execution_options(populate_existing=True)
    ).one_or_none()


def all_files() -> list[PrintedFile]:
    return list(db.session.scalars(
        select(PrintedFile).where(PrintedFile.site == site())
        .order_by(PrintedFile.kind, PrintedFile.name)))


def version(kind: str, name: str) -> str:
    return _kinds[kind].version(name)


@dataclass
class Found:
    kind: str
    name: str
    #: The version of today's data.
    version: str
    file: PrintedFile | None

    @property
    def current(self) -> bool:
        return self.file is not None and self.file.data is not None \
            and self.file.version == self.version

    def refresh(self) -> "Found":
        """Read again after the caller's commit: the build may be done (at once in tests)."""
        return Found(self.kind, self.name, self.version, find(self.kind, self.name))


def fetch(kind: str, name: str) -> Found:
    """The edition as built for today's data, or the previous build and a build queued (after
    the caller's commit). Never builds in the caller."""
    found = Found(kind, name, version(kind, name), find(kind, name))
    if not found.current:
        request_build(kind, name, found.version, found.file)
    return found


def request_build(kind: str, name: str, wanted: str, found: PrintedFile | None = None) -> None:
    """Queue one build of this version (flushes; the task is queued after the commit)."""
    now = utcnow()
    if found is not None and found.wanted == wanted and found.requested_at is not None \
            and found.requested_at > now - STUCK_AFTER:
        return  # already queued
    if found is None:
        try:
            with db.session.begin_nested():  # two visitors at once: one row
                db.session.add(PrintedFile(kind=kind, name=name, site=site(), wanted=wanted,
                                           requested_at=now))
        except IntegrityError:
            return
    else:
        found.wanted, found.requested_at = wanted, now
        db.session.flush()
    jobs.enqueue_after_commit(build_printed, kind, name)


@jobs.task()
def build_printed(kind: str, name: str) -> None:
    """Build an edition for the data of now and keep it; a failure is recorded for the staff."""
    # No visitor's request: templates' url_for() work on the public address.
    with current_app.test_request_context(base_url=public_root()):
        built_for = version(kind, name)
        try:
            data, error = _kinds[kind].build(name), None
        except Exception as exc:
            log.exception("printed edition %s %s could not be built", kind, name)
            data, error = None, f"{type(exc).__name__}: {exc}"
    row = find(kind, name)
    if row is None:
        row = PrintedFile(kind=kind, name=name, site=site())
        db.session.add(row)
    if data is not None:
        row.data, row.size, row.version, row.built_at = data, len(data), built_for, utcnow()
    row.error = error
    # A failed build stays "asked for": pages do not queue it again before STUCK_AFTER.
    if data is not None and row.wanted in (None, built_for):
        row.wanted = row.requested_at = None
    db.session.commit()


def build_now(kind: str, name: str) -> PrintedFile:
    """Build at once in this process (the CLI, the worker's nightly run) if not current."""
    wanted = version(kind, name)
    found = find(kind, name)
    if found is None or found.version != wanted or found.data is None:
        build_printed.call_local(kind, name)
        found = find(kind, name)
    return found
