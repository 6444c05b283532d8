"""Uploaded pictures decoded by Pillow from their content, never trusted by name or type."""

import io
import warnings

from PIL import Image, UnidentifiedImageError

#: Larger pictures are refused before decoding (decompression bombs).
MAX_PIXELS = 40_000_000
TOO_LARGE = "Cette image est trop grande (plus de 40 millions de pixels)."


class PictureError(ValueError):
    """A French message for the form."""


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
