"""QR codes for printed editions: inline SVG (directory, guides, posters) or tiny PNGs (agenda)."""

import base64
import io
from functools import lru_cache
from urllib.parse import quote

import segno
from markupsafe import Markup

#: Printed pages ask the PDF fetcher (printing.pdf) for QR codes under this path, so that they
#: are drawn by the process that lays out the page (several at once), not before.
PRINT_QR_PATH = "/_qr/"
#: The mask is fixed (any mask decodes the same): choosing the best of eight takes four times
#: longer, for a readability gain that does not matter on a short URL.
QR_MASK = 2
MAX_URL_LENGTH = 500


def qr_svg(url: str, *, scale: int = 3, title: str | None = None) -> Markup:
    """An <svg> element (no XML declaration) encoding `url`, sized by its viewBox for CSS to scale.

    Error correction "M" survives a folded or slightly smudged page; the quiet zone (border 2
    modules) keeps phones reading it next to text.
    """
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        encoding="utf-8",
        scale=scale,
        border=2,
        xmldecl=False,
        svgns=True,
        nl=False,
        title=title,
        svgclass="qr",
        lineclass=None,
        omitsize=True,
        dark="#000",
        light="#fff",
    )
    return Markup(out.getvalue().decode("utf-8"))


@lru_cache(maxsize=4096)
def qr_png(url: str) -> bytes:
    """A QR code as a tiny PNG (one pixel per module, scaled sharply by CSS).

    Not qr_svg() for long lists: WeasyPrint draws 300 SVG paths in seconds where it embeds 300
    PNGs at once.
    """
    if len(url) > MAX_URL_LENGTH:
        raise ValueError("URL trop longue pour un code QR imprimé")
    out = io.BytesIO()
    segno.make(url, error="m", micro=False, mask=QR_MASK).save(out, kind="png", scale=1,
                                                              border=2)
    return out.getvalue()


def qr_png_data_uri(url: str) -> str:
    """The PNG as a data: URL, for pages shown in a browser (the staff's preview)."""
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")


def qr_print_src(url: str) -> str:
    """Relative address of the PNG for a page laid out by printing.pdf's fetcher."""
    return PRINT_QR_PATH.lstrip("/") + quote(url, safe="") + ".png"
