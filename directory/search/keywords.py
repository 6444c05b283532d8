"""Keyword matching of short texts (events) with the index's analysis and vocabulary."""

from directory.core.text import fold
from directory.search.analysis import french_analyzer
from directory.search.query import groups_of

_ANALYZER = french_analyzer()


def matcher(q: str):
    """A function telling whether a text answers every word (or phrase, or one of its
    vocabulary alternatives) of `q`; None when `q` has no meaningful word."""
    groups = groups_of(q)
    if not groups:
        return None

    def matches(text: str) -> bool:
        stems = {t.text for t in _ANALYZER(text)}
        words = set(fold(text, ligatures=True, ascii_only=True).lower().split())
        return all(
            any(
                all((word in words) if exact else (stem in stems) for word, stem, exact in alt)
                for alt in alternatives
            )
            for alternatives in groups
        )

    return matches
