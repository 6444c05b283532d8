"""Answering a SearchQuery: text query, filters, facet counts, pages and suggestions."""

import difflib

from flask import Flask
from sqlalchemy import select

from directory.core.text import fold
from directory.search import indexer
from directory.search.analysis import WORD_RE, query_words
from directory.search.snapshot import Snapshot
from directory.search.types import FacetValue, SearchQuery, SearchResults
from directory.taxonomy.models import Theme

MAX_PER_PAGE = 100
#: Filters of a SearchQuery, by the facet they narrow.
FILTERS = ("theme", "public", "commune", "type")


#: Ranking levels of a word, best first: where and how it matched.
LEVELS = (
    (6.0, ("name",)),
    (4.0, ("sigle",)),
    (2.0, ("resume", "themes", "communes")),
    (1.0, ("services", "publics", "description")),
)
PREFIX_WEIGHT, FUZZY_WEIGHT = 0.5, 0.3
#: Beyond this many words, ranking only tells close matches from approximate ones.
DETAILED_WORDS = 3
RANKED_WORDS = 8


def word_levels(snap: Snapshot, folded: str, stem: str) -> list[tuple[float, int]]:
    """(weight, documents) of one word, each document in its best level only."""
    reader = snap.searcher.reader()
    levels = []
    for weight, fields in LEVELS:
        bits = 0
        for name in fields:
            bits |= snap.term(name, stem)
        if weight == 1.0:
            bits |= snap.term("folded", folded)
        levels.append((weight, bits))
    if len(folded) >= 3:
        terms = lambda: reader.expand_prefix("folded", folded)  # noqa: E731
        levels.append((PREFIX_WEIGHT, snap.expanded("prefix", folded, terms)))
    if len(folded) >= 5:
        terms = lambda: reader.terms_within("folded", folded, 1, prefix=1)  # noqa: E731
        levels.append((FUZZY_WEIGHT, snap.expanded("fuzzy", folded, terms)))
    exclusive, seen = [], 0
    for weight, bits in levels:
        bits &= ~seen
        if bits:
            exclusive.append((weight, bits))
            seen |= bits
    return exclusive


def collapse(levels: list[tuple[float, int]]) -> list[tuple[float, int]]:
    close = approximate = 0
    for weight, bits in levels:
        if weight >= 1.0:
            close |= bits
        else:
            approximate |= bits
    return [(w, b) for w, b in ((1.0, close), (0.3, approximate)) if b]


def match(snap: Snapshot, words) -> tuple[int, list]:
    """Documents matching every word, and each word's levels for ranking."""
    matched = snap.everything
    per_word = []
    for folded, stem in words:
        levels = word_levels(snap, folded, stem)
        union = 0
        for _, bits in levels:
            union |= bits
        matched &= union
        per_word.append(levels)
    return matched, per_word


def ranked_groups(per_word: list, mask: int) -> list[tuple[float, int]]:
    """Documents of `mask` grouped by score, best group first (ties are listed A-Z)."""
    ranked = per_word[:RANKED_WORDS]
    if len(ranked) > DETAILED_WORDS:
        ranked = [collapse(levels) for levels in ranked]
    groups = [(0.0, mask)]
    for levels in ranked:
        groups = [
            (score + weight, combined)
            for score, bits in groups
            for weight, level_bits in levels
            if (combined := bits & level_bits)
        ]
    groups.sort(key=lambda g: -g[0])
    return groups


class Filters:
    """Bitsets of the selected filters, and the parent theme the subtheme facet lists."""

    def __init__(self, snap: Snapshot, query: SearchQuery):
        self.masks: dict[str, int] = {}
        self.parent: str | None = None
        if query.theme:
            themes, subthemes = snap.facets["theme"], snap.facets["subtheme"]
            if query.theme in themes:
                self.parent = query.theme
                self.masks["theme"] = themes[query.theme]
            else:
                key = next((k for k in subthemes if k.split("/")[1] == query.theme), None)
                self.parent = key.split("/")[0] if key else None
                self.masks["theme"] = subthemes.get(key, 0)
        for name in ("public", "commune", "type"):
            value = getattr(query, name)
            if value:
                self.masks[name] = snap.facets[name].get(value, 0)

    def apply(self, mask: int, *, but: str | None = None) -> int:
        for name, filter_mask in self.masks.items():
            if name != but:
                mask &= filter_mask
        return mask


def _facet(values: dict[str, int], mask: int, selected: str | None) -> list[FacetValue]:
    found = []
    for value, bits in values.items():
        count = (bits & mask).bit_count()
        if count or value == selected:
            found.append(FacetValue(value, count, value == selected))
    found.sort(key=lambda f: (-f.count, f.value))
    return found


def facets(snap: Snapshot, matched: int, filters: Filters, query: SearchQuery) -> dict:
    result = {}
    theme_mask = filters.apply(matched, but="theme")
    result["theme"] = _facet(snap.facets["theme"], theme_mask, filters.parent)
    if filters.parent:
        prefix = f"{filters.parent}/"
        children = {k: v for k, v in snap.facets["subtheme"].items() if k.startswith(prefix)}
        sub_mask = theme_mask & snap.facets["theme"].get(filters.parent, 0)
    else:
        children, sub_mask = snap.facets["subtheme"], theme_mask
    selected_child = f"{filters.parent}/{query.theme}" if filters.parent else None
    result["subtheme"] = [
        FacetValue(f.value.split("/")[1], f.count, f.selected)
        for f in _facet(children, sub_mask, selected_child)
    ]
    for name in ("public", "commune", "type"):
        mask = filters.apply(matched, but=name)
        result[name] = _facet(snap.facets[name], mask, getattr(query, name))
    return result


def page_ids(snap: Snapshot, per_word, query: SearchQuery, total_mask: int) -> list[int]:
    skip, wanted = (query.page - 1) * query.per_page, query.per_page
    groups = ranked_groups(per_word, total_mask) if per_word else [(0.0, total_mask)]
    docnums = []
    for _score, bits in groups:
        count = bits.bit_count()
        if skip >= count:
            skip -= count
            continue
        found = snap.in_order(bits, skip, wanted - len(docnums))
        docnums.extend(found)
        skip = 0
        if len(docnums) == wanted:
            break
    return [snap.oids[n] for n in docnums]


def run(snap: Snapshot, query: SearchQuery, app: Flask) -> SearchResults:
    words = query_words(query.q)
    matched, per_word = match(snap, words) if words else (snap.everything, [])
    filters = Filters(snap, query)
    total_mask = filters.apply(matched)
    total = total_mask.bit_count()
    results = SearchResults(
        query=query,
        ids=page_ids(snap, per_word, query, total_mask) if total else [],
        total=total,
        facets=facets(snap, matched, filters, query),
    )
    if words and not total:
        results.suggestion = suggestion(snap, words, filters)
        results.nearest_themes = nearest_themes(snap, words, app)
    return results


def suggestion(snap: Snapshot, words, filters: Filters) -> str | None:
    """The query with each unknown word replaced by the closest indexed word, if that finds
    something."""
    reader = snap.searcher.reader()
    corrected = []
    for folded, _stem in words:
        if reader.doc_frequency("folded", folded) or len(folded) < 3:
            corrected.append(folded)
            continue
        candidates = snap.searcher.suggest("folded", folded, limit=1, maxdist=2, prefix=1)
        if not candidates:
            candidates = snap.searcher.suggest("folded", folded, limit=1, maxdist=2)
        corrected.append(candidates[0] if candidates else folded)
    if corrected == [w for w, _ in words]:
        return None
    text = " ".join(corrected)
    found = filters.apply(match(snap, query_words(text))[0])
    return text if found else None


def _closeness(word: str, name: str) -> float:
    best = 0.0
    for part in WORD_RE.findall(fold(name)):
        if len(part) < 3:
            continue
        if len(word) >= 3 and (part.startswith(word) or word.startswith(part)):
            return 1.0
        best = max(best, difflib.SequenceMatcher(None, word, part).ratio())
    return best


def nearest_themes(snap: Snapshot, words, app: Flask, limit: int = 5) -> list[str]:
    """Themes whose name is closest to the words; else the themes with most organisations; always
    something."""
    with indexer.session() as session:
        themes = session.execute(
            select(Theme.slug, Theme.name, Theme.parent_id).order_by(Theme.position, Theme.id)
        ).all()
    scored = []
    for theme in themes:
        score = max(_closeness(folded, theme.name) for folded, _ in words)
        if score >= 0.75:
            scored.append((-score, theme.parent_id is not None, theme.slug))
    if scored:
        return [slug for *_, slug in sorted(scored)[:limit]]
    counts = _facet(snap.facets["theme"], snap.everything, None)
    if counts:
        return [f.value for f in counts[:limit]]
    return [t.slug for t in themes if t.parent_id is None][:limit]
