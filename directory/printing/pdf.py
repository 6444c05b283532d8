"""HTML to PDF with WeasyPrint; only /static files, QR codes and data: URLs are ever fetched."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, has_app_context
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from directory.core.config import ROOT
from directory.printing.qr import PRINT_QR_PATH, qr_png

#: Relative URLs in printed templates (url_for('static', ...)) resolve against this origin, which
#: exists nowhere: the fetcher answers for it from the static folder and refuses everything else.
PRINT_BASE_URL = "https://impression.invalid/"

_STATIC_PREFIX = "/static/"


class LocalStaticFetcher(URLFetcher):
    """Serve /static/... from the static folder, QR codes and data: URLs; refuse any other URL.

    A listing's text may contain URLs (logos, links); a PDF build must never reach the network
    or read files outside the static folder, whatever the HTML says.
    """

    def __init__(self, static_folder: Path):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
        self.static_folder = static_folder.resolve()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        origin = urlsplit(PRINT_BASE_URL)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            raise ValueError(f"Ressource extérieure refusée à l'impression : {url}")
        if parts.path.startswith(PRINT_QR_PATH) and parts.path.endswith(".png"):
            target_url = unquote(parts.path[len(PRINT_QR_PATH):-len(".png")])
            return URLFetcherResponse(url, qr_png(target_url), {"Content-Type": "image/png"})
        # url_for('static') may carry the application's mount prefix (/annuaire/static/...).
        path = unquote(parts.path)
        if _STATIC_PREFIX not in path:
            raise ValueError(f"Seuls les fichiers /static sont servis à l'impression : {url}")
        relative = path.split(_STATIC_PREFIX, 1)[1]
        target = (self.static_folder / relative).resolve()
        if not target.is_relative_to(self.static_folder) or not target.is_file():
            raise ValueError(f"Fichier statique introuvable : {url}")
        mime_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": mime_type})


def _static_folder() -> Path:
    if has_app_context() and current_app.static_folder:
        return Path(current_app.static_folder)
    return ROOT / "static"


def render_document(html: str, static_folder: Path | None = None) -> Document:
    """Lay out a complete HTML document: its pages can be counted or cut before writing."""
    fetcher = LocalStaticFetcher(static_folder or _static_folder())
    return HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=fetcher).render()


def render_pdf(html: str) -> bytes:
    """Render a complete HTML document (its CSS linked under /static) to PDF bytes."""
    return render_document(html).write_pdf()
