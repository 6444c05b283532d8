"""The one-pass analyzer gives whoosh's chain of filters' tokens, word for word."""

import pickle
from pathlib import Path

import pytest

from directory.search import analysis

ROOT = Path(__file__).resolve().parents[2]
#: French text as the territory writes it: the demo's listings and events, the vocabulary.
CORPUS = [
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "directory" / "demo").glob("*.py"))),
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").rglob("*.toml"))),
    "L'été à Saint-Sérotin : œuvres, « ALSH »/RPE, 3,5 km, a.b.c, 1er étage, l'EHPAD d'à côté",
    "",
]


@pytest.mark.parametrize("stem", [True, False])
@pytest.mark.parametrize("removestops", [True, False])
def test_tokens_are_the_reference_chains(stem, removestops):
    fast = analysis.FrenchAnalyzer(stem=stem)
    reference = (
        analysis.reference_french_analyzer() if stem else analysis.reference_folded_analyzer()
    )
    assert sum(len(text) for text in CORPUS) > 50_000
    for text in CORPUS:
        got = [(t.text, t.stopped) for t in fast(text, removestops=removestops)]
        want = [(t.text, t.stopped) for t in reference(text, removestops=removestops)]
        assert got == want
    # Twice: the second pass reads the words from the cache.
    assert [t.text for t in fast(CORPUS[0])] == [t.text for t in reference(CORPUS[0])]


def test_positions_go_through_the_reference_chain():
    fast, reference = analysis.FrenchAnalyzer(), analysis.reference_french_analyzer()
    text = "Les randonnées du dimanche et des jours fériés"
    got = [(t.text, t.pos) for t in fast(text, positions=True)]
    assert got == [(t.text, t.pos) for t in reference(text, positions=True)]
    assert ("dimanch", 2) in got


def test_the_schema_pickles_without_the_word_cache():
    fast = analysis.FrenchAnalyzer()
    list(fast("Randonnées pédestres " * 100))
    copy = pickle.loads(pickle.dumps(fast))
    assert len(pickle.dumps(fast)) < 200
    assert [t.text for t in copy("Randonnées")] == ["randonne"]
