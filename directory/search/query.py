"""Answering a SearchQuery: text query, filters, facet counts, pages and suggestions."""

import difflib

from flask import Flask
from sqlalchemy import select
from whoosh.query import And, FuzzyTerm, Or, Prefix, Term

from directory.models import Theme
from directory.search import indexer
from directory.search.analysis import WORD_RE, query_words
from directory.search.schema import TEXT_FIELDS
from directory.search.snapshot import Snapshot, bitset
from directory.search.types import FacetValue, SearchQuery, SearchResults
from directory.text import fold

MAX_PER_PAGE = 100
#: Filters of a SearchQuery, by the facet they narrow.
FILTERS = ("theme", "public", "commune", "type")


def text_query(words: list[tuple[str, str]]):
    """Every word must match, in some field: stemmed (best), folded exact, prefix, one typo."""
    clauses = []
    for folded, stem in words:
        alternatives = [Term(name, stem, boost=boost) for name, boost in TEXT_FIELDS.items()]
        alternatives.append(Term("folded", folded, boost=1.0))
        if len(folded) >= 3:
            alternatives.append(Prefix("folded", folded, boost=0.5))
        if len(folded) >= 5:
            alternatives.append(FuzzyTerm("folded", folded, boost=0.3, maxdist=1, prefixlength=1))
        clauses.append(Or(alternatives))
    return And(clauses)


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


def page_ids(snap: Snapshot, qobj, filters: Filters, query, total_mask: int) -> list[int]:
    start = (query.page - 1) * query.per_page
    end = start + query.per_page
    if qobj is None:
        if total_mask == snap.everything:
            docnums = snap.alphabetical[start:end]
        else:
            bits = total_mask.to_bytes((total_mask.bit_length() + 7) >> 3 or 1, "little")
            limit = len(bits) << 3
            docnums, seen = [], 0
            for n in snap.alphabetical:
                if n < limit and bits[n >> 3] >> (n & 7) & 1:
                    if seen >= start:
                        docnums.append(n)
                        if len(docnums) == query.per_page:
                            break
                    seen += 1
    else:
        results = snap.searcher.search(qobj, filter=filter_query(query, filters), limit=end)
        docnums = [docnum for _, docnum in results.top_n[start:end]]
    return [snap.oids[n] for n in docnums]


def filter_query(query: SearchQuery, filters: Filters):
    terms = []
    if query.theme:
        if filters.parent == query.theme:
            terms.append(Term("theme", query.theme))
        else:
            terms.append(Term("subtheme", f"{filters.parent}/{query.theme}"))
    for name in ("public", "commune", "type"):
        if getattr(query, name):
            terms.append(Term(name, getattr(query, name)))
    return And(terms) if terms else None


def run(snap: Snapshot, query: SearchQuery, app: Flask) -> SearchResults:
    words = query_words(query.q)
    qobj = text_query(words) if words else None
    size = snap.searcher.reader().doc_count_all()
    if qobj is None:
        matched = snap.everything
    else:
        matched = bitset(snap.searcher.docs_for_query(qobj), size) & snap.everything
    filters = Filters(snap, query)
    total_mask = filters.apply(matched)
    total = total_mask.bit_count()
    results = SearchResults(
        query=query,
        ids=page_ids(snap, qobj, filters, query, total_mask) if total else [],
        total=total,
        facets=facets(snap, matched, filters, query),
    )
    if words and not total:
        results.suggestion = suggestion(snap, words, filters, size)
        results.nearest_themes = nearest_themes(snap, words, app)
    return results


def suggestion(snap: Snapshot, words, filters: Filters, size: int) -> str | None:
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
    qobj = text_query(query_words(text))
    found = filters.apply(bitset(snap.searcher.docs_for_query(qobj), size) & snap.everything)
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
