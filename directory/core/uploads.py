"""Uploaded files: read within a size limit, checked by content, stored under their hash.

Uploaded files: read within a size limit, pictures decoded by Pillow from their content
(never trusted by name or type), checked content stored under the hash of its bytes, in the
database (`uploaded_files`): every app node sees them, a backup of the database holds them.
Served with an ETag and a year of immutable cache: the name changes with the content.
"""

import hashlib
import io
import logging
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, Response, abort, request
from PIL import Image, UnidentifiedImageError
from sqlalchemy import Integer, LargeBinary, String, delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow

log = logging.getLogger(__name__)

#: Larger pictures are refused before decoding (decompression bombs).
MAX_PIXELS = 40_000_000
TOO_LARGE = "Cette image est trop grande (plus de 40 millions de pixels)."
_HASHED_NAME = re.compile(r"[0-9a-f]{64}\.([a-z0-9]+)")


class UploadError(ValueError):
    """A French message for the form."""


class StorageError(UploadError):
    """Checked content that could not be stored (database full, read-only or away)."""


#: Next to the field: nothing was saved, the rest of the form is kept.
NOT_WRITTEN = (
    "Le fichier n'a pas pu être enregistré sur le serveur (espace plein ou base indisponible) : "
    "rien n'a été enregistré. Le reste du formulaire est conservé ; réessayez plus tard ou "
    "prévenez l'équipe du site."
)


class PictureError(UploadError):
    """A picture refused for its content; a French message for the form."""


@dataclass(frozen=True)
class CheckedFile:
    """Content that passed its checks, not stored yet: forms keep it until the whole form is
    valid, and its name is known before it is written."""

    content: bytes
    extension: str

    @property
    def name(self) -> str:
        return f"{hashlib.sha256(self.content).hexdigest()}.{self.extension}"


def read_limited(stream, limit: int, lighter: str) -> bytes:
    """The upload's bytes if there are at most `limit`; else UploadError suggesting `lighter`
    (« une image plus légère »)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"Le fichier dépasse {_size(limit)} : choisissez {lighter}.")
    return data


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} Mo" if limit >= 1024 * 1024 else f"{limit // 1024} Ko"


def open_picture(data: bytes, formats, not_a_picture: str) -> Image.Image:
    """The decoded picture if its content is one of `formats`; else PictureError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        if image.format not in formats:
            raise UnidentifiedImageError
        if image.width * image.height > MAX_PIXELS:
            raise PictureError(TOO_LARGE)
        image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PictureError(TOO_LARGE) from None
    except (UnidentifiedImageError, OSError):
        raise PictureError(not_a_picture) from None
    return image


class UploadedFile(db.Model):
    """One uploaded file's content, under the name `store` gives it (hash of its bytes)."""

    __tablename__ = "uploaded_files"

    #: "<sha256>.<extension>", as in the file's URL.
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def store(checked: CheckedFile) -> str:
    """Keeps checked content under its hash, once (the same bytes are the same file, never
    replaced); its name. Committed at once, on a connection of its own: a refused form shown
    again names the file, which must be there when the corrected form comes back."""
    table = UploadedFile.__table__
    try:
        with db.engine.begin() as conn:
            if conn.scalar(select(table.c.name).where(table.c.name == checked.name)) is None:
                conn.execute(table.insert().values(name=checked.name, data=checked.content,
                                                   size=len(checked.content),
                                                   created_at=utcnow()))
    except IntegrityError as error:
        if not exists(checked.name):  # not the same file sent twice at once: a refusal
            log.error("upload %s not stored: %s", checked.name, error)
            raise StorageError(NOT_WRITTEN) from error
    except SQLAlchemyError as error:  # the database is full, read-only or away
        log.error("upload %s not stored: %s", checked.name, error)
        raise StorageError(NOT_WRITTEN) from error
    return checked.name


def exists(name: str | None) -> bool:
    return bool(name) and db.session.scalar(
        select(UploadedFile.name).where(UploadedFile.name == name)) is not None


def remove(names: Iterable[str]) -> None:
    """Files no row names any more (flushed in the caller's transaction)."""
    names = list(names)
    if names:
        db.session.execute(delete(UploadedFile).where(UploadedFile.name.in_(names)))


#: A year: the URL changes with the content, so a copy never goes stale.
MAX_AGE = 31536000


def send(name: str, mimetype: str, *, as_attachment: bool = False,
         download_name: str | None = None) -> Response:
    """The file, with its hash as ETag and a year of immutable cache; 304 when the browser (or
    a proxy) has it; 404 when there is none."""
    etag = name.rsplit(".", 1)[0]
    response = Response(mimetype=mimetype)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.cache_control.immutable = True
    if etag in request.if_none_match:
        response.status_code = 304
        return response
    data = db.session.scalar(select(UploadedFile.data).where(UploadedFile.name == name))
    if data is None:
        abort(404)
    response.set_data(data)
    if as_attachment:
        response.headers["Content-Disposition"] = \
            f'attachment; filename="{download_name or name}"'
    return response


def import_folder(folder: Path, extensions: Iterable[str]) -> int:
    """Files an older version wrote in the instance folder, into the database (their names are
    their hashes: checked again); the files are left where they are. How many were added."""
    added = 0
    extensions = set(extensions)
    if not folder.is_dir():
        return 0
    for path in sorted(folder.iterdir()):
        if not is_hashed_name(path.name, extensions):
            continue
        content = path.read_bytes()
        checked = CheckedFile(content, path.name.rsplit(".", 1)[1])
        if checked.name != path.name or exists(checked.name):
            continue
        store(checked)
        added += 1
    return added


def is_hashed_name(name: str | None, extensions: Iterable[str]) -> bool:
    """Whether `name` is a name `store` gives, with one of `extensions` (not a path)."""
    found = _HASHED_NAME.fullmatch(name or "")
    return found is not None and found.group(1) in extensions


#: (folder under the instance path, extensions) of older versions' uploads; set by the features.
LEGACY_FOLDERS: dict[str, set[str]] = {}


@click.group("uploads")
def uploads_group():
    """Fichiers déposés (logos, images et affiches des événements)."""


@uploads_group.command("import-files")
def import_files():
    """Copy the files older versions kept in instance/ folders into the database."""
    from flask import current_app

    total = 0
    for folder, extensions in LEGACY_FOLDERS.items():
        count = import_folder(Path(current_app.instance_path) / folder, extensions)
        db.session.commit()
        click.echo(f"{folder} : {count} fichier(s) ajouté(s) à la base.")
        total += count
    click.echo(f"{total} fichier(s) en tout.")


def init_app(app: Flask) -> None:
    app.cli.add_command(uploads_group)
