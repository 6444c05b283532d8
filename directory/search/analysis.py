"""French text analysis for the index: accent folding, stop words, Snowball stemming."""

import re

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

from directory.core.text import fold

#: Words of a query as typed: letters and digits, apostrophes and hyphens split words.
WORD_RE = re.compile(r"\w+")
#: French stop words, folded as the index folds them.
STOP_WORDS = frozenset(fold(w, ligatures=True) for w in stopwords_for_language("fr"))


def reference_french_analyzer():
    """Folded then stemmed words, as whoosh's chain of filters makes them (what FrenchAnalyzer
    must give, word for word)."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(lang="fr")
        | StemFilter(lang="fr", cachesize=50000)
    )


def reference_folded_analyzer():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


#: Words analysed by a process, kept: a territory's texts reuse a few tens of thousands of words.
WORD_CACHE = 200_000


class FrenchAnalyzer(Analyzer):
    """The reference chain's tokens in one pass, each distinct word analysed once per process.

    A full rebuild spent most of its time passing every word through five generators; a word's
    analysis depends on the word alone, so it is looked up instead. Positions and character
    offsets (never indexed here: no phrase queries) go through the reference chain.
    """

    def __init__(self, stem: bool = True):
        self.stem = stem

    def __getstate__(self):  # the schema is pickled into the index: without the caches
        return {"stem": self.stem}

    def __setstate__(self, state):
        self.__dict__.update(state)

    def has_morph(self) -> bool:
        return self.stem

    def _words(self) -> dict:
        words = self.__dict__.get("_cache")
        if words is None or len(words) > WORD_CACHE:
            words = self.__dict__["_cache"] = {}
        return words

    def _reference(self):
        chain = self.__dict__.get("_chain")
        if chain is None:
            chain = self.__dict__["_chain"] = (
                reference_french_analyzer() if self.stem else reference_folded_analyzer()
            )
        return chain

    def __call__(self, value, positions=False, chars=False, removestops=True, **kwargs):
        if positions or chars or kwargs.get("tokenize") is False:
            yield from self._reference()(
                value, positions=positions, chars=chars, removestops=removestops, **kwargs
            )
            return
        words = self._words()
        stops = _FR_STOPS if self.stem else ()
        stem = _FR_STEM
        token = Token(positions, chars, removestops=removestops, **kwargs)
        for match in default_pattern.finditer(value):
            word = match.group(0)
            text = words.get(word)
            if text is None:
                text = word.lower().translate(accent_map)
                if self.stem:
                    # Stop words (and one-letter words) are kept as "" to say so.
                    text = "" if len(text) < 2 or text in stops else stem(text)
                words[word] = text
            if text:
                token.text, token.stopped, token.boost = text, False, 1.0
                yield token
            elif not removestops:
                token.text, token.stopped, token.boost = (
                    word.lower().translate(accent_map),
                    True,
                    1.0,
                )
                yield token


#: What StopFilter(lang="fr") and StemFilter(lang="fr") use (whoosh's English list included).
_FR_STOPS = frozenset(StopFilter(lang="fr").stops)
_FR_STEM = stemmer_for_language("fr")


def french_analyzer():
    """Folded then stemmed words: "Randonnées" and "randonnee" both give "randonne".

    Folding before stemming keeps index and queries consistent whether people type accents or not.
    """
    return FrenchAnalyzer(stem=True)


def folded_analyzer():
    """Folded, unstemmed words: the field that typo tolerance and spelling suggestions read."""
    return FrenchAnalyzer(stem=False)


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
