"""Organisation logos: what is specific to them (resized to a PNG) on top of core.uploads.

Organisation logos: checked by content with Pillow, size bounded, resized to a PNG, stored by
content hash (directory/core/uploads.py).
"""

import io
from pathlib import Path

from flask import current_app

from directory.core import uploads
from directory.core.uploads import CheckedFile

#: Largest upload accepted, in bytes (LOGO_MAX_BYTES in the configuration overrides it).
MAX_BYTES = 2 * 1024 * 1024
#: Stored logos fit in this box.
SIZE = (400, 400)
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def folder() -> Path:
    """Where older versions kept logos (`flask uploads import-files` reads them)."""
    return Path(current_app.instance_path) / "logos"


uploads.LEGACY_FOLDERS["logos"] = {"png"}


def check(stream) -> CheckedFile:
    """The uploaded picture, checked and resized to a PNG, not stored yet; else UploadError."""
    limit = current_app.config.get("LOGO_MAX_BYTES", MAX_BYTES)
    data = uploads.read_limited(stream, limit, "une image plus légère")
    image = uploads.open_picture(data, FORMATS,
                                 "Ce fichier n'est pas une image PNG, JPEG, GIF ou WebP.")
    image = image.convert("RGBA")
    image.thumbnail(SIZE)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return CheckedFile(output.getvalue(), "png")


def store(checked: CheckedFile) -> str:
    """Writes a checked logo; its file name."""
    return uploads.store(checked)


def is_logo_name(name: str) -> bool:
    return uploads.is_hashed_name(name, {"png"})


def is_stored(name: str | None) -> bool:
    return bool(name) and is_logo_name(name) and uploads.exists(name)
