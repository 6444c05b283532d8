"""QR codes as inline SVG markup, to place next to a listing or an event in printed editions."""

import io

import segno
from markupsafe import Markup


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
