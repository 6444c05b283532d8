"""French text analysis for the index: accent folding, stop words, Snowball stemming."""

import re

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

from directory.core.text import fold

#: Words of a query as typed: letters and digits, apostrophes and hyphens split words.
WORD_RE = re.compile(r"\w+")
#: French stop words, folded as the index folds them.
STOP_WORDS = frozenset(fold(w, ligatures=True) for w in stopwords_for_language("fr"))


def french_analyzer():
    """Folded then stemmed words: "Randonnées" and "randonnee" both give "randonne".

    Folding before stemming keeps index and queries consistent whether people type accents or not.
    """
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(lang="fr")
        | StemFilter(lang="fr", cachesize=50000)
    )


def folded_analyzer():
    """Folded, unstemmed words: the field that typo tolerance and spelling suggestions read."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


_STEMMER = french_analyzer()


def query_words(q: str) -> list[tuple[str, str]]:
    """(folded word, stem) for each meaningful word of a query; stop words are dropped."""
    words = []
    for word in WORD_RE.findall(fold(q, ligatures=True)):
        stems = [t.text for t in _STEMMER(word)]
        if stems:
            words.append((word, stems[0]))
    return words


def sort_key(name: str) -> str:
    """Accent-insensitive alphabetical key ("Écoles" sorts with "ecoles")."""
    return " ".join(WORD_RE.findall(fold(name, ligatures=True)))
