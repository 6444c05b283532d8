"""The vocabulary of needs: people's words (data/vocabulary.toml) expanded to listings' words."""

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from directory.core.text import fold
from directory.search.analysis import WORD_RE

DATA = Path(__file__).resolve().parents[2] / "data"
#: Abbreviations read as the full word before anything else.
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


@dataclass(frozen=True)
class Entry:
    #: Each wording of the need, as folded words.
    words: tuple[tuple[str, ...], ...]
    #: Alternatives that answer it, as folded words.
    find: tuple[tuple[str, ...], ...]
    acronym: bool = False


def words_of(text: str) -> tuple[str, ...]:
    """Folded words of a text, abbreviations spelt out (« st » -> « saint »)."""
    return tuple(ABBREVIATIONS.get(w, w) for w in WORD_RE.findall(fold(text, ligatures=True)))


def _entries(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open("rb") as f:
        return tomllib.load(f).get("entry", [])


def territory_file(territory_file: str) -> Path:
    """The territory's own vocabulary, beside its file: yonne-nord.vocabulary.toml."""
    path = Path(territory_file)
    return path.with_name(f"{path.stem}.vocabulary.toml")


@functools.cache
def file_entries(override: Path | None = None) -> tuple[Entry, ...]:
    """The data file's entries, then the territory's file over them (same first word replaces)."""
    raw = {}
    files = [DATA / "vocabulary.toml"]
    if override:
        files.append(override)
    for path in files:
        for item in _entries(path):
            raw[fold(item["words"][0])] = item
    return tuple(
        Entry(
            words=tuple(words_of(w) for w in item["words"]),
            find=tuple(words_of(w) for w in item.get("find", [])),
            acronym=bool(item.get("acronym", False)),
        )
        for item in raw.values()
    )


class Vocabulary:
    """Phrases (tuples of folded words) to the alternatives that answer them."""

    def __init__(self, entries):
        self.phrases: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self.acronyms: set[str] = set()
        for entry in entries:
            for phrase in entry.words:
                if not phrase:
                    continue
                alternatives = self.phrases.setdefault(phrase, [])
                for alt in entry.find:
                    if alt and alt != phrase and alt not in alternatives:
                        alternatives.append(alt)
            if entry.acronym:
                # Only short one-word wordings are acronyms: « PMI », not « protection maternelle ».
                self.acronyms.update(p[0] for p in entry.words if len(p) == 1 and len(p[0]) <= 5)
        self.longest = max((len(p) for p in self.phrases), default=1)

    def groups(self, words: tuple[str, ...]) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
        """The query cut into (phrase, alternatives), longest known phrases first."""
        found, i = [], 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                phrase = words[i : i + size]
                if phrase in self.phrases:
                    found.append((phrase, self.phrases[phrase]))
                    i += size
                    break
            else:
                found.append((words[i : i + 1], []))
                i += 1
        return found


def current(extra=()) -> Vocabulary:
    """The vocabulary of the data files with `extra` entries (from the database) merged over."""
    from flask import current_app, has_app_context

    override = None
    if has_app_context() and current_app.config.get("TERRITORY_FILE"):
        override = territory_file(current_app.config["TERRITORY_FILE"])
    return Vocabulary([*file_entries(override), *extra])


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def database_entries() -> list[Entry]:
    """Entries staff added from the web; read on every query so the search follows at once."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from directory.core.extensions import db
    from directory.search.models import VocabularyEntry

    with Session(db.engine) as session:
        rows = session.scalars(select(VocabularyEntry).order_by(VocabularyEntry.id)).all()
        return [
            Entry(
                words=tuple(words_of(w) for w in lines(row.words)),
                find=tuple(words_of(w) for w in lines(row.find)),
                acronym=row.acronym,
            )
            for row in rows
        ]
