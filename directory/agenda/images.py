"""Event images and flyers: checked by content, size bounded, stored by content hash.

Pictures (JPEG, PNG, WebP) are decoded by Pillow and written again, without their metadata
(EXIF GPS positions…), within 1600 × 1600 pixels. A PDF flyer is kept as sent once it looks
like a whole PDF file and carries no script or launch action.
"""

import hashlib
import io
import re
from pathlib import Path

from flask import current_app
from PIL import ImageOps

from directory.core.uploads import PictureError, open_picture

#: Largest upload accepted, in bytes (EVENT_IMAGE_MAX_BYTES in the configuration overrides it).
MAX_BYTES = 4 * 1024 * 1024
SIZE = (1600, 1600)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp",
             "pdf": "application/pdf"}
NAME_RE = re.compile(r"^[0-9a-f]{64}\.(jpg|png|webp|pdf)$")
#: PDF features that run something when the file is opened.
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


class ImageError(ValueError):
    """A French message for the form."""


def folder() -> Path:
    return Path(current_app.instance_path) / "event-images"


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} Mo" if limit >= 1024 * 1024 else f"{limit // 1024} Ko"


def _check_pdf(data: bytes) -> bytes:
    if not data.startswith(b"%PDF-1.") and not data.startswith(b"%PDF-2."):
        raise ImageError("Ce fichier n'est pas une image JPEG, PNG ou WebP, ni une affiche PDF.")
    if b"%%EOF" not in data[-2048:]:
        raise ImageError("Ce fichier PDF est incomplet ou abîmé : enregistrez-le de nouveau.")
    if PDF_ACTIVE.search(data):
        raise ImageError("Ce fichier PDF contient des scripts ou des pièces jointes : "
                         "exportez l'affiche en PDF simple ou en image.")
    return data


def _picture(data: bytes) -> tuple[bytes, str]:
    try:
        image = open_picture(data, FORMATS, "Ce fichier n'est pas une image JPEG, PNG ou WebP, "
                                            "ni une affiche PDF.")
    except PictureError as error:
        raise ImageError(str(error)) from None
    kind = image.format
    image = ImageOps.exif_transpose(image)
    image.thumbnail(SIZE)
    output = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        image.save(output, format="PNG", optimize=True)
    else:
        image.save(output, format="WEBP", quality=85)
    return output.getvalue(), FORMATS[kind]


def store(stream) -> str:
    """Check and store an uploaded image or PDF flyer; its file name, or ImageError."""
    limit = current_app.config.get("EVENT_IMAGE_MAX_BYTES", MAX_BYTES)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImageError(f"Le fichier dépasse {_size(limit)} : choisissez un fichier plus léger.")
    if not data:
        raise ImageError("Ce fichier est vide.")
    if data.startswith(b"%PDF"):
        content, extension = _check_pdf(data), "pdf"
    else:
        content, extension = _picture(data)
    name = f"{hashlib.sha256(content).hexdigest()}.{extension}"
    target = folder() / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return name


def is_image_name(name: str) -> bool:
    return bool(NAME_RE.match(name or ""))


def is_stored(name: str | None) -> bool:
    return bool(name) and is_image_name(name) and (folder() / name).is_file()


def is_pdf(name: str | None) -> bool:
    return bool(name) and name.endswith(".pdf")


def mimetype(name: str) -> str:
    return MIMETYPES[name.rsplit(".", 1)[1]]
