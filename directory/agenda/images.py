"""Event images and PDF flyers: what is specific to them (formats, rewriting, flyer checks).

Event images and flyers: checked by content, size bounded, stored by content hash
(directory/core/uploads.py).

Pictures (JPEG, PNG, WebP) are decoded by Pillow and written again, without their metadata
(EXIF GPS positions…), within 1600 × 1600 pixels. A PDF flyer is kept as sent once it looks
like a whole PDF file and carries no script or launch action.
"""

import io
import re
from pathlib import Path

from flask import current_app
from PIL import ImageOps

from directory.core import uploads
from directory.core.uploads import CheckedFile, UploadError

#: Largest upload accepted, in bytes (EVENT_IMAGE_MAX_BYTES in the configuration overrides it).
MAX_BYTES = 4 * 1024 * 1024
SIZE = (1600, 1600)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp",
             "pdf": "application/pdf"}
#: PDF features that run something when the file is opened.
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
NOT_ACCEPTED = "Ce fichier n'est pas une image JPEG, PNG ou WebP, ni une affiche PDF."


def folder() -> Path:
    return Path(current_app.instance_path) / "event-images"


def _check_pdf(data: bytes) -> CheckedFile:
    if not data.startswith(b"%PDF-1.") and not data.startswith(b"%PDF-2."):
        raise UploadError(NOT_ACCEPTED)
    if b"%%EOF" not in data[-2048:]:
        raise UploadError("Ce fichier PDF est incomplet ou abîmé : enregistrez-le de nouveau.")
    if PDF_ACTIVE.search(data):
        raise UploadError("Ce fichier PDF contient des scripts ou des pièces jointes : "
                          "exportez l'affiche en PDF simple ou en image.")
    return CheckedFile(data, "pdf")


def _check_picture(data: bytes) -> CheckedFile:
    image = uploads.open_picture(data, FORMATS, NOT_ACCEPTED)
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
    return CheckedFile(output.getvalue(), FORMATS[kind])


def check(stream) -> CheckedFile:
    """The uploaded image (written again) or PDF flyer, checked, not stored yet; else
    UploadError."""
    limit = current_app.config.get("EVENT_IMAGE_MAX_BYTES", MAX_BYTES)
    data = uploads.read_limited(stream, limit, "un fichier plus léger")
    if not data:
        raise UploadError("Ce fichier est vide.")
    if data.startswith(b"%PDF"):
        return _check_pdf(data)
    return _check_picture(data)


def store(checked: CheckedFile) -> str:
    """Writes a checked image or flyer; its file name."""
    return uploads.store(checked, folder())


def is_image_name(name: str | None) -> bool:
    return uploads.is_hashed_name(name, MIMETYPES)


def is_stored(name: str | None) -> bool:
    return bool(name) and is_image_name(name) and (folder() / name).is_file()


def is_pdf(name: str | None) -> bool:
    return bool(name) and name.endswith(".pdf")


def mimetype(name: str) -> str:
    return MIMETYPES[name.rsplit(".", 1)[1]]
