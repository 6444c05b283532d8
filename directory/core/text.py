"""Small text helpers: accent folding, slugs, and Markdown as plain text."""

import html
import re
import unicodedata

import nh3

from directory.core.sanitize import render_markdown

_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote|ul|ol)>|<br\s*/?>")


def fold(text: str, *, ligatures: bool = False, ascii_only: bool = False) -> str:
    """Lower-case, accent-free form used for comparisons ("Théâtre" -> "theatre").

    `ligatures` spells "œ" and "æ" out ("Œuvre" -> "oeuvre"); `ascii_only` then drops whatever
    is left outside ASCII (an unspelt ligature, curly quotes, dashes).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if ligatures:
        folded = folded.replace("œ", "oe").replace("æ", "ae")
    if ascii_only:
        folded = folded.encode("ascii", "ignore").decode()
    return folded


def slugify(text: str, max_length: int = 160) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text, ligatures=True))
    return slug.strip("-")[:max_length].rstrip("-")


def html_to_text(rendered: str, *, one_paragraph: bool = False) -> str:
    """The text of sanitised HTML (as `render_markdown` gives it), without its tags.

    Paragraphs stay apart and list items start with "- " (iCalendar descriptions); with
    `one_paragraph`, every run of white space becomes one space (printed agenda entries).
    """
    if one_paragraph:
        return re.sub(r"\s+", " ", html.unescape(nh3.clean(rendered, tags=set()))).strip()
    rendered = _BLOCK_END.sub("\n", rendered.replace("<li>", "- "))
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def markdown_to_text(markdown_text: str | None, *, one_paragraph: bool = False) -> str:
    """User-written Markdown as plain text (see `html_to_text`)."""
    if not markdown_text:
        return ""
    return html_to_text(str(render_markdown(markdown_text)), one_paragraph=one_paragraph)
