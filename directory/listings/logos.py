"""Organisation logos: checked by content with Pillow, size bounded, resized, stored by hash."""

import hashlib
import io
import re
from pathlib import Path

from flask import current_app

from directory.core.uploads import PictureError, open_picture

#: Largest upload accepted, in bytes (LOGO_MAX_BYTES in the configuration overrides it).
MAX_BYTES = 2 * 1024 * 1024
#: Stored logos fit in this box.
SIZE = (400, 400)
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
NAME_RE = re.compile(r"^[0-9a-f]{64}\.png$")


class LogoError(ValueError):
    """A French message for the form."""


def folder() -> Path:
    return Path(current_app.instance_path) / "logos"


def store(stream) -> str:
    """Check, resize and store an uploaded picture; the file name, or LogoError."""
    limit = current_app.config.get("LOGO_MAX_BYTES", MAX_BYTES)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise LogoError(f"Le fichier dépasse {_size(limit)} : choisissez une image plus légère.")
    try:
        image = open_picture(data, FORMATS,
                             "Ce fichier n'est pas une image PNG, JPEG, GIF ou WebP.")
    except PictureError as error:
        raise LogoError(str(error)) from None
    image = image.convert("RGBA")
    image.thumbnail(SIZE)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    content = output.getvalue()
    name = f"{hashlib.sha256(content).hexdigest()}.png"
    target = folder() / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return name


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} Mo" if limit >= 1024 * 1024 else f"{limit // 1024} Ko"


def is_logo_name(name: str) -> bool:
    return bool(NAME_RE.match(name))
