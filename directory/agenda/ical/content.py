"""Text of imported feeds: bytes decoded (with a word when they were not UTF-8), values cleaned.

Descriptions are stored as the agenda's Markdown: plain text, with `<https://…>` and
`<name@mail>` kept as Markdown autolinks (Outlook and Teams write their links that way), and no
markup left, even markup that arrived written as HTML entities.
"""

import html
import re
from dataclasses import dataclass

import nh3

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass
class Decoded:
    text: str
    #: French sentence for the feed's report when the file was not plain UTF-8, else None.
    note: str | None = None


def decode(content: bytes) -> Decoded:
    """UTF-8 (RFC 5545's only charset), else line by line: UTF-8 where it is valid, Windows-1252
    elsewhere (Outlook and old Exchange exports), so that « é » never becomes « � » unsaid."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return Decoded(content[len(bom):].decode(encoding))
            except UnicodeDecodeError:
                break
    try:
        return Decoded(content.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    lines, fallback = [], 0
    for line in content.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            fallback += 1
            # cp1252 leaves five bytes undefined; latin-1 gives each byte a character.
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                lines.append(line.decode("latin-1"))
    note = (
        f"Le calendrier n'est pas entièrement en UTF-8 : {fallback} ligne(s) lue(s) en "
        "Windows-1252 (vérifiez les accents des événements concernés)."
    )
    return Decoded("".join(lines), note)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: `<https://…>`, `<mailto:…>` and `<name@mail>`: links, not tags.
_AUTOLINK = re.compile(
    r"<((?:https?|mailto|tel):[^\s<>\"]+|[^\s<>@\"/]+@[^\s<>@\"/]+\.[^\s<>@\"/]+)>",
    re.IGNORECASE,
)
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")


def _strip_markup(text: str) -> str:
    """Tags dropped, entities decoded, until nothing that looks like markup is left."""
    links: list[str] = []

    def keep(match: re.Match) -> str:
        links.append(match.group(1))
        return f"\ue000{len(links) - 1}\ue001"

    for _ in range(4):  # entity-escaped markup is decoded, then stripped in turn
        protected = _AUTOLINK.sub(keep, text)
        protected = re.sub(r"<br\s*/?>|</p>|</div>|</li>", "\n", protected, flags=re.IGNORECASE)
        stripped = html.unescape(nh3.clean(protected, tags=set()))
        if stripped == protected:
            text = stripped
            break
        text = stripped
    # What still looks like a tag is shown as text, never served as markup (Markdown escape).
    text = _TAG_LIKE.sub(r"\\<", text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: f"<{links[int(m.group(1))]}>", text)


def clean_text(value, limit: int) -> str:
    """A one-value text: markup dropped (some feeds send HTML), controls removed."""
    if value is None:
        return ""
    text = _strip_markup(str(value))
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:limit].strip()
