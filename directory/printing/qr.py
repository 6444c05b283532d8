"""QR codes for printed editions: inline SVG (directory, guides, posters) or tiny PNGs (agenda)."""

import base64
import io
import re
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


# Where a scanned code was printed ------------------------------------------------------------

#: Printed QR codes carry which edition and which area of the page they were printed on
#: (`?qr=annuaire.fiche`), so that scans of paper editions can be counted (observatory);
#: the page visited then redirects to its address without it.
SCAN_PARAM = "qr"
#: Areas of a page a code can be printed on, with their French names.
SCAN_AREAS = {
    "couverture": "Couverture",
    "fiche": "Fiche d'une structure",
    "evenement": "Événement",
    "affiche": "Affiche",
    "benevolat": "Mission de bénévolat",
}
_SCAN_RE = re.compile(r"^(annuaire|guide-[a-z0-9-]{1,60}|affiche-[a-z0-9-]{1,80}"
                      r"|agenda-\d{4}-t[1-4])\.([a-z]{1,20})$")


def edition_code(kind: str, name: str | None = None) -> str:
    """'annuaire', 'guide-seniors', 'affiche-sergines', 'agenda-2027-t1'."""
    return kind if not name else f"{kind}-{name}"


def scan_url(url: str, edition: str, area: str) -> str:
    """`url` with the scan tag (once: a tagged URL is left as it is)."""
    if f"{SCAN_PARAM}=" in url:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{SCAN_PARAM}={edition}.{area}"


def parse_scan(value: str) -> tuple[str, str] | None:
    """(edition, area) of a scan tag, None when it is not one the printed editions make."""
    match = _SCAN_RE.match(value or "")
    if match is None or match.group(2) not in SCAN_AREAS:
        return None
    return match.group(1), match.group(2)
