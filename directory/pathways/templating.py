"""Template helpers: the readability hint next to a description, the pathways on the home page."""

import re

from markupsafe import Markup, escape

from directory.pathways import queries
from directory.pathways.readability import Readability, readability


def readability_of(text: str | None) -> Readability | None:
    """The hint shown under a description field; None for an empty text."""
    return readability(text) if text and text.strip() else None


def pathways_menu() -> list:
    return queries.visible_pathways()


_BEFORE_SIGN = re.compile(r" ([?!:;])")


def fr_spaces(text: str | None) -> Markup:
    """French typography: a no-break space before « ? ! : ; », so the sign never starts a line."""
    return Markup(_BEFORE_SIGN.sub("\u00a0\\1", str(escape(text or ""))))
