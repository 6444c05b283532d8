"""Small text helpers: accent folding and slugs."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form used for comparisons ("Théâtre" -> "theatre")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(text: str, max_length: int = 160) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text).replace("œ", "oe").replace("æ", "ae"))
    return slug.strip("-")[:max_length].rstrip("-")
