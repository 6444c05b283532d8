"""Changes to the search's own data: the vocabulary entries staff add."""

from directory.core.extensions import db
from directory.search.models import VocabularyEntry
from directory.search.vocabulary import lines


def add_vocabulary_entry(words: str, find: str, acronym: bool = False) -> VocabularyEntry:
    """Stores an entry (flushes); the next query reads it, the index needs no rebuild since
    expansion happens on the query side."""
    entry = VocabularyEntry(
        words="\n".join(lines(words)), find="\n".join(lines(find)), acronym=acronym
    )
    db.session.add(entry)
    db.session.flush()
    return entry
