"""A readability hint for texts written for everyone: long sentences and rare words (FALC).

« Facile à lire et à comprendre » asks for short sentences (one idea each, about 15 words at
most) and common words. This counts both, plainly: a hint for the writer, never a refusal.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from wordfreq import zipf_frequency

from directory.core.text import markdown_to_text

#: Words a sentence should not go beyond (FALC guidance: short sentences).
LONG_SENTENCE = 15
#: Zipf frequency under which a French word is rare (3 = once per million words).
RARE_ZIPF = 3.0
#: Words shorter than this are never flagged (articles, « CAF », « RPE » read as names).
MIN_WORD = 5
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass
class Readability:
    sentences: int = 0
    words: int = 0
    #: The sentences longer than LONG_SENTENCE words, as written.
    long_sentences: list[str] = field(default_factory=list)
    #: Rare words, as written, each once, in order of appearance.
    rare_words: list[str] = field(default_factory=list)

    @property
    def average(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def easy(self) -> bool:
        return self.sentences > 0 and not self.long_sentences and len(self.rare_words) <= 2


@lru_cache(maxsize=8192)
def is_rare(word: str) -> bool:
    if len(word) < MIN_WORD or word.isupper():
        return False
    # An elided word (« l'accompagnement ») is looked up without its article.
    bare = re.split(r"['’]", word)[-1]
    return zipf_frequency(bare.lower(), "fr") < RARE_ZIPF


def readability(text: str | None, *, markdown: bool = True) -> Readability:
    """Sentence lengths and rare words of a text (Markdown read as plain text first)."""
    plain = markdown_to_text(text) if markdown and text else (text or "")
    result = Readability()
    for sentence in _SENTENCE_END.split(plain):
        words = _WORD.findall(sentence)
        if not words:
            continue
        result.sentences += 1
        result.words += len(words)
        if len(words) > LONG_SENTENCE:
            result.long_sentences.append(sentence.strip())
        for word in words:
            if is_rare(word) and word not in result.rare_words:
                result.rare_words.append(word)
    return result
