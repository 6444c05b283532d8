"""Answering a SearchQuery: text query, filters, facet counts, pages and suggestions."""

import difflib
import itertools
import re

from flask import Flask
from sqlalchemy import select

from directory.core.text import fold, slugify
from directory.search import indexer, vocabulary
from directory.search.analysis import _STEMMER, STOP_WORDS, WORD_RE, query_words
from directory.search.snapshot import Snapshot
from directory.search.types import FacetValue, SearchQuery, SearchResults
from directory.taxonomy.models import Commune, Theme

MAX_PER_PAGE = 100
#: Filters of a SearchQuery, by the facet they narrow.
FILTERS = ("theme", "public", "commune", "type", "benevoles")


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


POSTCODE_RE = re.compile(r"\d{5}")
ACRONYM_RE = re.compile(r"\b[A-Z]{2,5}\b")


def _text(term) -> str:
    return term.decode() if isinstance(term, bytes) else term


def _not_stop(terms):
    # « danse » must not reach « dans » through a typo or a prefix: stop words never match.
    return (t for t in terms if _text(t) not in STOP_WORDS)


def postcode_bits(snap: Snapshot, code: str) -> int:
    """Documents of the communes that have this postcode."""
    key = ("postcode", code)
    bits = snap.terms.get(key)
    if bits is None:
        with indexer.session() as session:
            slugs = session.scalars(select(Commune.slug).where(Commune.postal_code == code)).all()
        bits = 0
        for slug in slugs:
            bits |= snap.facets["commune"].get(slug, 0)
        snap.terms[key] = bits
    return bits


def word_levels(
    snap: Snapshot, folded: str, stem: str, exact: bool = False
) -> list[tuple[float, int]]:
    """(weight, documents) of one word, each document in its best level only."""
    if POSTCODE_RE.fullmatch(folded):
        bits = postcode_bits(snap, folded)
        return [(2.0, bits)] if bits else []
    if exact:
        # An acronym matches itself only: « CAF » is not the stem of « Café ».
        bits = snap.term("folded", folded)
        return [(6.0, bits)] if bits else []
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
        terms = lambda: _not_stop(reader.expand_prefix("folded", folded))  # noqa: E731
        levels.append((PREFIX_WEIGHT, snap.expanded("prefix", folded, terms)))
    if len(folded) >= 5:
        terms = lambda: _not_stop(reader.terms_within("folded", folded, 1, prefix=1))  # noqa: E731
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


#: The person's own words rank above the vocabulary's alternatives for them.
ALTERNATIVE_WEIGHT = 0.9


def _union(levels) -> int:
    union = 0
    for _, bits in levels:
        union |= bits
    return union


def alternative_levels(snap: Snapshot, alternative, primary: bool) -> list[tuple[float, int]]:
    if len(alternative) == 1:
        levels = word_levels(snap, *alternative[0])
    else:
        bits = snap.everything
        for word in alternative:
            bits &= _union(word_levels(snap, *word))
        levels = [(2.0, bits)] if bits else []
    if not primary:
        levels = [(w * ALTERNATIVE_WEIGHT, b) for w, b in levels]
    return levels


def group_levels(snap: Snapshot, alternatives) -> list[tuple[float, int]]:
    """Levels of a group (a word or phrase and its alternatives), each document in its best."""
    merged = []
    for i, alternative in enumerate(alternatives):
        merged.extend(alternative_levels(snap, alternative, primary=i == 0))
    merged.sort(key=lambda level: -level[0])
    exclusive, seen = [], 0
    for weight, bits in merged:
        bits &= ~seen
        if bits:
            exclusive.append((weight, bits))
            seen |= bits
    return exclusive


def groups_of(q: str) -> list[list[list[tuple[str, str, bool]]]]:
    """The query as groups of alternatives, each a list of (folded, stem, exact) words.

    Known phrases of the vocabulary (« centre aéré ») are cut first, stop words included; stop
    words outside them are dropped.
    """
    vocab = vocabulary.current(vocabulary.database_entries())
    typed_acronyms = {w.lower() for w in ACRONYM_RE.findall(q)}
    groups = []
    for phrase, alternatives in vocab.groups(vocabulary.words_of(q)):
        alts = []
        for alternative in [phrase, *alternatives]:
            words = []
            for word in alternative:
                stems = [t.text for t in _STEMMER(word)]
                if stems or POSTCODE_RE.fullmatch(word):
                    exact = word in vocab.acronyms or word in typed_acronyms
                    words.append((word, stems[0] if stems else word, exact))
            if words:
                alts.append(words)
        if alts:
            groups.append(alts)
    return groups


def match(snap: Snapshot, groups) -> tuple[int, list]:
    """Documents matching every group, and each group's levels for ranking."""
    matched = snap.everything
    per_word = []
    for alternatives in groups:
        levels = group_levels(snap, alternatives)
        matched &= _union(levels)
        per_word.append(levels)
    return matched, per_word


def partial(snap: Snapshot, per_word: list, filters: "Filters") -> tuple[int, int]:
    """Documents matching the most groups when none matches all: (documents, how many groups)."""
    unions = [_union(levels) for levels in per_word]
    for size in range(len(unions) - 1, 0, -1):
        bits = 0
        for combo in itertools.combinations(unions, size):
            and_bits = snap.everything
            for b in combo:
                and_bits &= b
            bits |= and_bits
        bits = filters.apply(bits)
        if bits:
            return bits, size
    return 0, 0


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
        for name in ("public", "commune", "type", "benevoles"):
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
    for name in ("public", "commune", "type", "benevoles"):
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


def neighbours(app: Flask) -> dict[tuple[str, ...], tuple[str, set[str]]]:
    """Folded words of each commune's name -> (name, slugs of its neighbours, read both ways)."""
    rows = app.extensions.get("territory", {}).get("communes", [])
    slugs = {slugify(row["name"]): row["name"] for row in rows}
    found: dict[str, set[str]] = {slug: set() for slug in slugs}
    for row in rows:
        slug = slugify(row["name"])
        for other in row.get("neighbours", []):
            found[slug].add(slugify(other))
            found.setdefault(slugify(other), set()).add(slug)
    return {
        vocabulary.words_of(slugs[slug]): (slugs[slug], near - {slug})
        for slug, near in found.items()
        if slug in slugs
    }


def nearby(snap: Snapshot, app: Flask, groups, per_word, filters: "Filters"):
    """« judo Sergines » with no judo in Sergines: (commune name, documents of the other words in
    its neighbouring communes, the other words' levels), or None."""
    communes = neighbours(app)
    primary = [tuple(word for word, _stem, _exact in alts[0]) for alts in groups]
    for start in range(len(groups)):
        for end in range(len(groups), start, -1):
            words = tuple(w for phrase in primary[start:end] for w in phrase)
            if words not in communes or end - start == len(groups):
                continue
            name, near = communes[words]
            others = per_word[:start] + per_word[end:]
            bits = 0
            for slug in near:
                bits |= snap.facets["commune"].get(slug, 0)
            for levels in others:
                bits &= _union(levels)
            bits = filters.apply(bits)
            if bits:
                return name, bits, others
    return None


def run(snap: Snapshot, query: SearchQuery, app: Flask) -> SearchResults:
    words = query_words(query.q)
    groups = groups_of(query.q)
    matched, per_word = match(snap, groups) if groups else (snap.everything, [])
    filters = Filters(snap, query)
    total_mask = filters.apply(matched)
    total = total_mask.bit_count()
    matched_groups = len(per_word)
    near_commune = None
    if groups and not total and len(per_word) > 1 and (found := nearby(
        snap, app, groups, per_word, filters
    )):
        near_commune, total_mask, per_word = found
        total = total_mask.bit_count()
        matched_groups = len(per_word)
    elif groups and not total and len(per_word) > 1:
        # Never a dead end: the listings matching the most words, said so by the page.
        total_mask, matched_groups = partial(snap, per_word, filters)
        total = total_mask.bit_count()
        # Ranked by how much they match: a missing word scores nothing instead of excluding.
        per_word = [[*levels, (0.0, snap.everything & ~_union(levels))] for levels in per_word]
    results = SearchResults(
        query=query,
        ids=page_ids(snap, per_word, query, total_mask) if total else [],
        total=total,
        facets=facets(snap, matched, filters, query),
        matched_words=(matched_groups, len(per_word)),
        near_commune=near_commune,
    )
    if words and (not total or results.partial):
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
    found = filters.apply(match(snap, groups_of(text))[0])
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
