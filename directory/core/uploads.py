"""Uploaded files: read within a size limit, checked by content, stored under their hash.

Uploaded files: read within a size limit, pictures decoded by Pillow from their content
(never trusted by name or type), checked content stored under the hash of its bytes.
"""

import hashlib
import io
import logging
import re
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

#: Larger pictures are refused before decoding (decompression bombs).
MAX_PIXELS = 40_000_000
TOO_LARGE = "Cette image est trop grande (plus de 40 millions de pixels)."
_HASHED_NAME = re.compile(r"[0-9a-f]{64}\.([a-z0-9]+)")


class UploadError(ValueError):
    """A French message for the form."""


class StorageError(UploadError):
    """Checked content that could not be written (folder not writable, disk full)."""


#: Next to the field: nothing was saved, the rest of the form is kept.
NOT_WRITTEN = (
    "Le fichier n'a pas pu être enregistré sur le serveur (espace plein ou dossier protégé) : "
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


def store(checked: CheckedFile, folder: Path) -> str:
    """Writes checked content into `folder` under its hash, once (the same bytes are the same
    file, so files are never replaced or deleted); its file name."""
    target = folder / checked.name
    if target.exists():
        return checked.name
    part = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written aside, then renamed: no one is served half a file under the final name.
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as part:
            part.write(checked.content)
        Path(part.name).replace(target)
    except OSError as error:
        if part is not None:  # a half-written file is not left behind
            Path(part.name).unlink(missing_ok=True)
        log.error("upload not written into %s: %s", folder, error)
        raise StorageError(NOT_WRITTEN) from error
    return checked.name


def is_hashed_name(name: str | None, extensions: Iterable[str]) -> bool:
    """Whether `name` is a name `store` gives, with one of `extensions` (not a path)."""
    found = _HASHED_NAME.fullmatch(name or "")
    return found is not None and found.group(1) in extensions
