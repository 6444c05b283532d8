"""Titles of the associations register (RNA) written in sentence case, as French is written.

The register holds most titles in capitals, often without accents ("COMITE DES FETES DE
SERBONNES"). A title that has no lower-case letter becomes "Comité des fêtes de Serbonnes":
the first word capitalised, common French words in lower case with their accents restored
(pyspellchecker's French lexicon: the most frequent spelling of the accent-free form), the
territory's communes spelt as in the territory file ("PONT SUR YONNE" -> "Pont-sur-Yonne"),
other words capitalised (a name the lexicon does not know is taken for a proper noun) and
short unknown words kept in capitals (acronyms: ACCA, ADMR, USEP). A title already written in
mixed case is the association's own spelling and is kept.
"""

import re
from functools import lru_cache

from directory.core.text import fold

#: The register's abbreviations, spelt out.
ABBREVIATIONS = {"ass": "association", "asso": "association", "assoc": "association",
                 "st": "saint", "ste": "sainte"}
#: Always capitalised: places and names the lexicon also knows as common words.
#: First names that are also common words ("jean", "pierre"); the word after one is its
#: surname ("Jean Moulin").
FIRST_NAMES = {"jean", "pierre", "marie", "louis", "paul", "jacques", "martin", "hubert",
               "vincent", "eloi", "georges", "victor", "jules", "claude", "rose"}
PROPER_NOUNS = {"france", "yonne", "seine", "oreuse", "bourgogne", "europe", "sens", "paris",
                "senonais", "saint", "sainte", *FIRST_NAMES}
#: Common words of association names the lexicon lacks (else kept in capitals as acronyms).
EXTRA_WORDS = {"gym": "gym", "cyclo": "cyclo", "rando": "rando", "foot": "foot",
               "basket": "basket", "volley": "volley", "ados": "ados",
               "multisports": "multisports", "periscolaire": "périscolaire"}
#: Unknown words this short are taken for acronyms and kept in capitals.
ACRONYM_MAX = 5
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
#: Words that stay in lower case after an elided article ("l'", "d'") and in names.
_SMALL = {"de", "des", "du", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au", "a",
          "l", "d"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Accent-free lower-case form -> the most frequent spelling in the French lexicon."""
    from spellchecker import SpellChecker

    frequencies = SpellChecker(language="fr", distance=1).word_frequency.dictionary
    best: dict[str, tuple[int, str]] = {}
    for word, count in frequencies.items():
        key = fold(word)
        if key not in best or count > best[key][0]:
            best[key] = (count, word)
    return {key: word for key, (_, word) in best.items()}


def _commune_words(name: str) -> tuple[str, ...]:
    return tuple(ABBREVIATIONS.get(w, w) for w in _WORD.findall(fold(name)))


class TitleCaser:
    """Knows the territory's communes; `title()` writes one register title."""

    def __init__(self, commune_names: list[str]):
        self.communes = {}
        for name in commune_names:
            words = _commune_words(name)
            self.communes[words] = name
            if words and words[0] in ("la", "le", "les"):  # the register drops the article
                self.communes.setdefault(words[1:], name)
        self.longest = max((len(k) for k in self.communes), default=0)

    def title(self, value: str) -> str:
        value = re.sub(r"\s+", " ", value).strip()
        if not value or any(c.islower() for c in value):
            return value
        words = list(_WORD.finditer(value))
        out, cursor, i = [], 0, 0
        while i < len(words):
            match = words[i]
            out.append(value[cursor:match.start()])
            commune, length = self._commune_at(words, i)
            if commune:
                out.append(commune)
                cursor, i = words[i + length - 1].end(), i + length
                continue
            after_name = i > 0 and fold(words[i - 1].group()) in FIRST_NAMES
            out.append(self._word(match.group(), first=i == 0, proper=after_name))
            cursor, i = match.end(), i + 1
        out.append(value[cursor:])
        text = "".join(out)
        # A saint's name is hyphenated: "Société de chasse Saint-Hubert".
        text = re.sub(r"\b(Saint|Sainte) (?=[A-ZÀ-Ý])", r"\1-", text)
        return text[:1].upper() + text[1:]

    def _commune_at(self, words, i: int) -> tuple[str | None, int]:
        for length in range(min(self.longest, len(words) - i), 0, -1):
            key = tuple(ABBREVIATIONS.get(fold(w.group()), fold(w.group()))
                        for w in words[i:i + length])
            if key in self.communes:
                return self.communes[key], length
        return None, 0

    def _word(self, word: str, first: bool, proper: bool = False) -> str:
        key = fold(word)
        key = ABBREVIATIONS.get(key, key)
        if key.isdigit():
            return word
        known = EXTRA_WORDS.get(key) or lexicon().get(key)
        if key in PROPER_NOUNS or (proper and key not in _SMALL):
            return (known or key).capitalize()
        if key in _SMALL or known is not None:
            spelt = known or key
            return spelt.capitalize() if first else spelt
        if len(word) <= ACRONYM_MAX and key not in ABBREVIATIONS.values():
            return word
        return key.capitalize()
