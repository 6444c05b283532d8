"""Event images and PDF flyers: what is specific to them (formats, rewriting, flyer checks).

Event images and flyers: checked by content, size bounded, stored by content hash
(directory/core/uploads.py).

Pictures (JPEG, PNG, WebP) are decoded by Pillow and written again, without their metadata
(EXIF GPS positions…), within 1600 × 1600 pixels. A PDF flyer is kept as sent once it looks
like a whole PDF file and carries no script or launch action.
"""

import io
import re
import zlib
from pathlib import Path

import pikepdf
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
#: PDF features that run something when the file is opened (names as PDF decodes them:
#: `/J#61vaScript` is `/JavaScript`).
ACTIVE_NAMES = frozenset({"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles",
                          "/RichMedia", "/XFA", "/ImportData", "/SubmitForm", "/GoToE"})
_PDF_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
NOT_ACCEPTED = "Ce fichier n'est pas une image JPEG, PNG ou WebP, ni une affiche PDF."


def folder() -> Path:
    """Where older versions kept these files (`flask uploads import-files` reads them)."""
    return Path(current_app.instance_path) / "event-images"


uploads.LEGACY_FOLDERS["event-images"] = set(MIMETYPES)


def _check_pdf(data: bytes) -> CheckedFile:
    if not data.startswith(b"%PDF-1.") and not data.startswith(b"%PDF-2."):
        raise UploadError(NOT_ACCEPTED)
    if b"%%EOF" not in data[-2048:]:
        raise UploadError("Ce fichier PDF est incomplet ou abîmé : enregistrez-le de nouveau.")
    if _active_pdf(data):
        raise UploadError("Ce fichier PDF contient des scripts ou des pièces jointes : "
                          "exportez l'affiche en PDF simple ou en image.")
    return CheckedFile(data, "pdf")


def _decoded_names(raw: bytes) -> set[str]:
    return {
        _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name).decode("latin-1")
        for name in _PDF_NAME.findall(raw)
    }


def _active_object(obj, depth: int) -> bool:
    """An object with an active name among its keys or values, direct children included
    (indirect ones are checked on their own as pdf.objects lists them)."""
    if depth > 32:
        return True  # no real flyer nests this deep
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Name):
        return str(obj) in ACTIVE_NAMES
    if isinstance(obj, pikepdf.Dictionary):
        if set(obj.keys()) & ACTIVE_NAMES:
            return True
        children = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return False
    return any(not getattr(child, "is_indirect", False) and _active_object(child, depth + 1)
               for child in children)


def _active_pdf(data: bytes) -> bool:
    """Any active name in the file as written (escapes decoded) or in any of its objects as
    a PDF reader sees them (object streams, compressed, included)."""
    if _decoded_names(data) & ACTIVE_NAMES:
        return True
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return any(_active_object(obj, 0) for obj in pdf.objects)
    except pikepdf.PdfError:
        # A reader may still repair it: look inside its compressed streams by hand.
        return any(_decoded_names(body) & ACTIVE_NAMES for body in _inflated_streams(data))


def _inflated_streams(data: bytes):
    for match in _STREAM.finditer(data):
        try:
            yield zlib.decompressobj().decompress(match.group(1), 10 * MAX_BYTES)
        except zlib.error:
            continue


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
    return uploads.store(checked)


def is_image_name(name: str | None) -> bool:
    return uploads.is_hashed_name(name, MIMETYPES)


def is_stored(name: str | None) -> bool:
    return bool(name) and is_image_name(name) and uploads.exists(name)


def is_pdf(name: str | None) -> bool:
    return bool(name) and name.endswith(".pdf")


def mimetype(name: str) -> str:
    return MIMETYPES[name.rsplit(".", 1)[1]]
