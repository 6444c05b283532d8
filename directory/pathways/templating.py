"""Template helpers: the readability hint next to a description, the pathways on the home page."""

from directory.pathways import queries
from directory.pathways.readability import Readability, readability


def readability_of(text: str | None) -> Readability | None:
    """The hint shown under a description field; None for an empty text."""
    return readability(text) if text and text.strip() else None


def pathways_menu() -> list:
    return queries.visible_pathways()
