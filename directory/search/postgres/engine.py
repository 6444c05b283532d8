"""Answering a SearchQuery from the search documents, in a few statements on one connection.

Text, filters, facets, pages, partial and nearby answers, suggestions.
"""

from flask import Flask
from sqlalchemy import text

from directory.core.extensions import db
from directory.search.analysis import query_words
from directory.search.postgres.sql import Filters, Params, best_sql, group_sql, order_sql, safe
from directory.search.query import _closeness, groups_of, neighbours
from directory.search.types import FacetValue, SearchQuery, SearchResults

FACETS = ("theme", "subtheme", "public", "commune", "type", "benevoles")
# Candidates come from pg_trgm's `%` at its default similarity threshold, 0.3: one edit in a
# five-letter word keeps 0.33; the edit distance is then checked here.


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance of two words, or limit + 1 once it is known to be larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def similar_words(conn, words: list[str]) -> dict[str, list[tuple[str, float]]]:
    """Indexed words close to each word (trigrams), with their similarity, best first."""
    if not words:
        return {}
    rows = conn.execute(
        text(
            "SELECT q.w, s.word, similarity(s.word, q.w) FROM unnest(CAST(:words AS text[]))"
            " AS q(w) JOIN search_words s ON s.word % q.w"
        ),
        {"words": words},
    ).all()
    found: dict[str, list[tuple[str, float]]] = {w: [] for w in words}
    for word, candidate, similarity in rows:
        found[word].append((candidate, similarity))
    for candidates in found.values():
        candidates.sort(key=lambda c: (-c[1], c[0]))
    return found


def typos(conn, groups) -> dict[str, list[str]]:
    """Indexed words one edit away from each long word of the query, same first letter."""
    words = sorted(
        {safe(w) for alts in groups for alt in alts for w, _, exact in alt if not exact}
    )
    words = [w for w in words if len(w) >= 5 and not w.isdigit()]
    return {
        word: [c for c, _ in candidates if c[0] == word[0] and levenshtein(c, word, 1) <= 1]
        for word, candidates in similar_words(conn, words).items()
    }


def in_communes(params: Params, slugs) -> str:
    return f"d.communes && CAST({params.p(sorted(slugs))} AS text[])"


class Search:
    """One query's statements on one connection."""

    def __init__(self, conn, query: SearchQuery, app: Flask):
        self.conn, self.query, self.app = conn, query, app
        self.groups = groups_of(query.q)
        self.fuzzy = typos(conn, self.groups)
        self.theme = self._theme(query.theme) if query.theme else None

    def _theme(self, slug: str):
        row = self.conn.execute(
            text(
                "SELECT t.slug, p.slug FROM themes t LEFT JOIN themes p ON p.id = t.parent_id"
                " WHERE t.slug = :slug"
            ),
            {"slug": slug},
        ).first()
        return tuple(row) if row else None

    def scored(self, params: Params, groups, *, every: bool, extra: str = "TRUE"):
        """SELECT of documents matching every group (or any, for partial answers) and the
        filters, with each group's best level as g0, g1… and its alternative as t0, t1…"""
        inner, outer, conds = [], [], []
        for i, alternatives in enumerate(groups):
            levels, cond = group_sql(params, alternatives, self.fuzzy)
            columns = [f"a{i}_{j}" for j in range(len(levels))]
            inner += [f", {level} AS {c}" for level, c in zip(levels, columns, strict=True)]
            best, which = best_sql(columns)
            outer.append(f", {best} AS g{i}, {which} AS t{i}")
            conds.append(cond)
        match = (" AND " if every else " OR ").join(conds) or "TRUE"
        filters = Filters(params, self.query, self.theme)
        return (
            f"SELECT organization_id, sort_name{''.join(outer)} FROM ("
            f"SELECT d.organization_id, d.sort_name{''.join(inner)} FROM search_documents d"
            f" WHERE ({match}) AND ({filters.sql()}) AND ({extra})) AS x"
        )

    def page(self, params: Params, scored: str, order: list[str], where: str = "TRUE"):
        """(ids of the page, total) of the scored documents, best first, ties A-Z (as the
        folded name sorts in Python)."""
        q = self.query
        terms = ", ".join([*order, 'sort_name COLLATE "C"', "organization_id"])
        sql = (
            f"WITH s AS ({scored}) SELECT organization_id, count(*) OVER () FROM s WHERE {where}"
            f" ORDER BY {terms}"
            f" LIMIT {int(q.per_page)} OFFSET {int((q.page - 1) * q.per_page)}"
        )
        rows = self.conn.execute(text(sql), params.values).all()
        if rows:
            return [r[0] for r in rows], rows[0][1]
        total = self.conn.execute(
            text(f"WITH s AS ({scored}) SELECT count(*) FROM s WHERE {where}"), params.values
        ).scalar()
        return [], total

    def count(self, groups, extra: str = "TRUE", params: Params | None = None) -> int:
        params = params or Params()
        scored = self.scored(params, groups, every=True, extra=extra)
        sql = text(f"SELECT count(*) FROM ({scored}) AS s")
        return self.conn.execute(sql, params.values).scalar()

    def facets(self) -> dict[str, list[FacetValue]]:
        params = Params()
        conds = [group_sql(params, alts, self.fuzzy)[1] for alts in self.groups]
        match = " AND ".join(conds) or "TRUE"
        filters = Filters(params, self.query, self.theme)
        parent = filters.parent
        parts = []
        for name, column in (("theme", "themes"), ("public", "publics"), ("commune", "communes")):
            parts.append(
                f"SELECT '{name}', v, count(*) FROM m, unnest(m.{column}) AS v"
                f" WHERE {filters.sql('m', but=name)} GROUP BY v"
            )
        sub_where = filters.sql("m", but="theme")
        if parent:
            has_parent, children = params.p(parent), params.p(f"{parent}/%")
            sub_where += f" AND m.themes @> ARRAY[{has_parent}]::text[] AND v LIKE {children}"
        parts.append(
            f"SELECT 'subtheme', v, count(*) FROM m, unnest(m.subthemes) AS v WHERE {sub_where}"
            " GROUP BY v"
        )
        parts.append(
            f"SELECT 'type', m.kind, count(*) FROM m WHERE {filters.sql('m', but='type')}"
            " GROUP BY m.kind"
        )
        parts.append(
            "SELECT 'benevoles', 'oui', count(*) FROM m"
            f" WHERE m.benevoles AND {filters.sql('m', but='benevoles')} HAVING count(*) > 0"
        )
        sql = (
            "WITH m AS MATERIALIZED (SELECT d.themes, d.subthemes, d.publics, d.communes, d.kind,"
            f" d.benevoles FROM search_documents d WHERE {match}) "
            + " UNION ALL ".join(parts)
        )
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for facet, value, n in self.conn.execute(text(sql), params.values):
            counts[facet][value] = n
        return self._facet_values(counts, parent)

    def _facet_values(self, counts: dict[str, dict[str, int]], parent: str | None) -> dict:
        q = self.query
        selected = {
            "theme": parent,
            "subtheme": f"{parent}/{q.theme}" if parent else None,
            "public": q.public,
            "commune": q.commune,
            "type": q.type,
            "benevoles": q.benevoles,
        }
        result = {}
        for name in FACETS:
            values = counts[name]
            chosen = selected[name]
            found = [FacetValue(v, n, v == chosen) for v, n in values.items() if n]
            # A selected value stays listed (to be removed); "parent/parent" is no child.
            if chosen and chosen not in values and name != "subtheme":
                found.append(FacetValue(chosen, 0, True))
            found.sort(key=lambda f: (-f.count, f.value))
            if name == "subtheme":
                found = [FacetValue(f.value.split("/")[1], f.count, f.selected) for f in found]
            result[name] = found
        return result

    def nearby(self):
        """« judo Sergines » with no judo in Sergines: (commune name, indices of the other
        groups, their documents' SQL condition) when its neighbouring communes have some."""
        communes = neighbours(self.app)
        groups = self.groups
        primary = [tuple(word for word, _stem, _exact in alts[0]) for alts in groups]
        for start in range(len(groups)):
            for end in range(len(groups), start, -1):
                words = tuple(w for phrase in primary[start:end] for w in phrase)
                if words not in communes or end - start == len(groups):
                    continue
                name, near = communes[words]
                others = groups[:start] + groups[end:]
                params = Params()
                if near and self.count(others, in_communes(params, near), params):
                    return name, others, near
        return None


def run(query: SearchQuery, app: Flask) -> SearchResults:
    with db.engine.connect() as conn:
        return _run(Search(conn, query, app))


def _run(s: Search) -> SearchResults:
    query, groups = s.query, s.groups
    params = Params()
    scored = s.scored(params, groups, every=True)
    ids, total = s.page(params, scored, order_sql(len(groups)))
    matched_groups, group_count = len(groups), len(groups)
    near_commune = None
    full_total = total
    if groups and not total and len(groups) > 1:
        found = s.nearby()
        if found:
            near_commune, others, near = found
            params = Params()
            scored = s.scored(params, others, every=True, extra=in_communes(params, near))
            ids, total = s.page(params, scored, order_sql(len(others)))
            matched_groups = group_count = len(others)
        else:
            # Never a dead end: the listings matching the most words, ranked by how much.
            params = Params()
            scored = s.scored(params, groups, every=False)
            matched = " + ".join(
                f"(CASE WHEN g{i} > 0 THEN 1 ELSE 0 END)" for i in range(len(groups))
            )
            best = s.conn.execute(
                text(f"WITH s AS ({scored}) SELECT max({matched}) FROM s"), params.values
            ).scalar()
            if best:
                order = order_sql(len(groups), partial=True)
                ids, total = s.page(params, scored, order, where=f"{matched} = {best}")
                matched_groups = int(best)
            else:
                matched_groups = 0
    if full_total:
        facets = s.facets()
    else:
        # As the Whoosh engine: facets count the full matches (none here), selected ones stay.
        parent = Filters(Params(), query, s.theme).parent
        facets = s._facet_values({name: {} for name in FACETS}, parent)
    results = SearchResults(
        query=query,
        ids=ids,
        total=total,
        facets=facets,
        matched_words=(matched_groups, group_count),
        near_commune=near_commune,
    )
    words = query_words(query.q)
    if words and (not total or results.partial):
        results.suggestion = suggestion(s, words)
        results.nearest_themes = nearest_themes(s.conn, words)
    return results


def suggestion(s: Search, words) -> str | None:
    """The query with each unknown word replaced by the closest indexed word (two edits at
    most, same first letter preferred), if that finds something."""
    folded_words = [safe(w) for w, _ in words]
    known = set(
        s.conn.execute(
            text("SELECT word FROM search_words WHERE word = ANY(CAST(:w AS text[]))"),
            {"w": folded_words},
        ).scalars()
    )
    unknown = [w for w in folded_words if w not in known and len(w) >= 3]
    similar = similar_words(s.conn, unknown)
    corrected = []
    for word in folded_words:
        if word not in unknown:
            corrected.append(word)
            continue
        close = [
            (levenshtein(c, word, 2), c[0] != word[0], -sim, c) for c, sim in similar[word]
        ]
        close = sorted(c for c in close if c[0] <= 2)
        with_prefix = [c for c in close if not c[1]]
        best = (with_prefix or close or [(0, False, 0, word)])[0]
        corrected.append(best[3])
    if corrected == folded_words:
        return None
    text_ = " ".join(corrected)
    return text_ if s.count(groups_of(text_)) else None


def nearest_themes(conn, words, limit: int = 5) -> list[str]:
    """Themes whose name is closest to the words; else the themes with most organisations;
    always something."""
    themes = conn.execute(
        text("SELECT slug, name, parent_id FROM themes ORDER BY position, id")
    ).all()
    scored = []
    for slug, name, parent_id in themes:
        score = max(_closeness(folded_word, name) for folded_word, _ in words)
        if score >= 0.75:
            scored.append((-score, parent_id is not None, slug))
    if scored:
        return [slug for *_, slug in sorted(scored)[:limit]]
    counts = conn.execute(
        text(
            "SELECT v FROM search_documents, unnest(themes) AS v GROUP BY v"
            " ORDER BY count(*) DESC, v LIMIT :limit"
        ),
        {"limit": limit},
    ).scalars().all()
    if counts:
        return list(counts)
    return [slug for slug, _, parent_id in themes if parent_id is None][:limit]
