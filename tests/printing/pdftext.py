"""Reading printed editions back: text per page, secrets that must not be there, order."""

import io

from pypdf import PdfReader

#: Strings that only professionals, staff or nobody may read: none may appear in a PDF.
SECRETS = (
    "Référente orientation",
    "orientation.pro@exemple.org",
    "06 99 99 99 99",
    "NOTE-PRO-CONFIDENTIELLE",
    "orientation-directe@exemple.org",
    "PRECISIONS-PRO",
    "Brouillon caché",
    "Association partie",
    "Ancien club archivé",
)


def pdf_pages(data: bytes) -> list[str]:
    """Text of each page, whitespace folded: lines wrap wherever the layout needs."""
    assert data.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def assert_no_secret(pages: list[str]) -> None:
    text = "\n".join(pages)
    for secret in SECRETS:
        assert secret not in text, secret


def in_order(text: str, *needles: str) -> bool:
    positions = [text.find(n) for n in needles]
    return -1 not in positions and positions == sorted(positions)


def first_page_fill(data: bytes) -> tuple[float, float]:
    """(height of the first page's text from its first line to its last, as a share of the
    page; its characters as a share of the second page's): a cover left mostly empty scores
    low on both."""
    pages = PdfReader(io.BytesIO(data)).pages
    heights = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            heights.append(tm[5] * cm[3] + cm[5])

    pages[0].extract_text(visitor_text=visit)
    spread = (max(heights) - min(heights)) / float(pages[0].mediabox.height)
    chars = len(pages[0].extract_text()) / max(1, len(pages[1].extract_text()))
    return spread, chars
