"""The full exports as files: built by the worker when data change, kept, streamed to visitors.

They are kept in the printed-files store (shared by every process and node). A download
serves the stored file of today's data; when data changed, a build is queued and the previous
file is served meanwhile (its own ETag and Last-Modified, so a harvester sees it is the older
one). With no file at all yet, the request streams a build of its own, so that the first byte
leaves at once. The organisations are read in batches in French order: the whole territory is
never held in memory at once.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from directory.core.csv import csv_chunks
from directory.core.extensions import db
from directory.core.text import french_order
from directory.core.urls import absolute_url, public_root
from directory.listings import queries as listings
from directory.listings.models.organization import Organization
from directory.opendata import exports, sync
from directory.printing import store

KIND = "export"
#: Organisations loaded (with everything they show) per query while a file is written.
BATCH = 500
#: Bytes per piece when a stored file is sent.
PIECE = 256 * 1024


@dataclass(frozen=True)
class Download:
    filename: str
    mimetype: str
    #: The file's text, in pieces.
    chunks: Callable[[], Iterator[str]]


def _page_url(org: Organization) -> str:
    return absolute_url("public.organization", slug=org.slug)


def published_organizations() -> Iterator[Organization]:
    """Every published organisation, fully loaded, in French alphabetical order, a batch at a
    time (as `listings.published_organizations`, without holding them all)."""
    rows = db.session.execute(
        select(Organization.id, Organization.nom).where(listings.published_condition())).all()
    ids = [r.id for r in sorted(rows, key=lambda r: (french_order(r.nom), r.id))]
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        loaded = {org.id: org for org in db.session.scalars(
            select(Organization)
            .where(Organization.id.in_(part), listings.published_condition())
            .options(*listings.full_organization_options()))}
        yield from (loaded[i] for i in part if i in loaded)


def _json_chunks(rows) -> Iterator[str]:
    """The bytes `jsonify(list(rows))` would send, a row at a time."""
    dumps = current_app.json.dumps
    yield "["
    for number, row in enumerate(rows):
        yield ("," if number else "") + dumps(row, separators=(",", ":"))
    yield "]\n"


def _directory_csv() -> Iterator[str]:
    return csv_chunks(exports.DIRECTORY_COLUMNS,
                      exports.directory_rows(published_organizations(), _page_url))


def _data_inclusion(build, columns: list[str] | None) -> Callable[[], Iterator[str]]:
    def chunks() -> Iterator[str]:
        rows = build(published_organizations(), _page_url)
        if columns is None:
            return _json_chunks(rows)
        return csv_chunks(columns, exports.csv_rows(rows, columns))
    return chunks


CSV = "text/csv; charset=utf-8"
JSON = "application/json"
DOWNLOADS = {
    "annuaire.csv": Download("annuaire.csv", CSV, _directory_csv),
    "data-inclusion/structures.json": Download(
        "structures.json", JSON, _data_inclusion(exports.structures, None)),
    "data-inclusion/structures.csv": Download(
        "structures.csv", CSV, _data_inclusion(exports.structures, exports.STRUCTURE_COLUMNS)),
    "data-inclusion/services.json": Download(
        "services.json", JSON, _data_inclusion(exports.services, None)),
    "data-inclusion/services.csv": Download(
        "services.csv", CSV, _data_inclusion(exports.services, exports.SERVICE_COLUMNS)),
}


def version(name: str) -> str:
    """When the directory last changed (UTC, ISO): what the file shows depends on nothing else
    (the public address is the store's `site`)."""
    changed = sync.directory_version()
    return changed.astimezone(UTC).isoformat() if changed is not None else "vide"


def encoded(name: str) -> Iterator[bytes]:
    for text in DOWNLOADS[name].chunks():
        yield text.encode("utf-8")


def build(name: str) -> bytes:
    return b"".join(encoded(name))


store.register(KIND, version=version, build=build)


@dataclass
class Served:
    """What a download sends: the stored file's bytes, or a build streamed now."""
    download: Download
    version: str
    body: Iterator[bytes]
    #: False while the stored file is an older version (a build is queued).
    current: bool
    #: Bytes of the stored file (unknown for a build streamed now).
    size: int | None = None

    @property
    def etag(self) -> str:
        return hashlib.sha256(f"{self.download.filename}|{self.version}".encode()).hexdigest()[:32]

    @property
    def last_modified(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.version)
        except ValueError:
            return None


def _pieces(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), PIECE):
        yield bytes(view[start:start + PIECE])


def serve(name: str) -> Served:
    """The file to send for `name` (a key of DOWNLOADS). Queues a build when data changed and
    commits, so that the worker gets it; never waits for it."""
    download = DOWNLOADS[name]
    found = store.fetch(KIND, name)
    if not found.current:
        db.session.commit()  # the build goes to the worker (at once with JOBS_IMMEDIATE)
        found = found.refresh()
    stored = found.file
    if stored is not None and stored.data is not None:
        return Served(download, stored.version, _pieces(stored.data),
                      stored.version == found.version, len(stored.data))
    return Served(download, found.version, _streamed(current_app._get_current_object(), name),
                  True)


def _streamed(app, name: str) -> Iterator[bytes]:
    """A build sent as it is written, in a context of its own, as the worker's: the same
    addresses (the public one) and its own session, once the request's is gone. Nothing runs
    before the first piece is asked for (a response never read costs nothing)."""
    with app.app_context(), app.test_request_context(base_url=public_root()):
        try:
            yield from encoded(name)
        finally:
            db.session.remove()  # this context's session, not the request's
