"""An SQLite FTS5 reference over the same organisations, to judge the search engine's latency.

What the reference does for each text query (so that the comparison is fair):
- one FTS5 table over published organisations: name, résumé, description, theme names and
  commune names; tokenizer `unicode61 remove_diacritics 2`, prefix index on 2 and 3 characters;
- the query's words joined with AND, each as a prefix (`"word"*`, so "danse" finds "danses");
  no stemming, no typo tolerance (a typo simply finds nothing);
- the page's filters (theme, public, commune, type) as `rowid IN (…)` conditions;
- the matching rows and their bm25 score go once into a temporary table; from it, the 20 best
  rows, the total, and one `GROUP BY … COUNT(*)` per facet (theme, sub-theme, public, commune,
  type) over all the matching rows, as the results page shows.
"""

import re
import sqlite3
from dataclasses import dataclass

from directory.search.types import SearchQuery

WORD_RE = re.compile(r"\w+")

BUILD_SQL = """
DROP TABLE IF EXISTS bench_fts;
CREATE VIRTUAL TABLE bench_fts USING fts5(
    name, resume, description, themes, communes,
    tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
);
INSERT INTO bench_fts (rowid, name, resume, description, themes, communes)
SELECT o.id, o.nom, coalesce(o.presentation_resume, ''), coalesce(o.description, ''),
    coalesce((SELECT group_concat(t.name, ' ') FROM organization_themes ot
              JOIN themes t ON t.id = ot.theme_id WHERE ot.organization_id = o.id), ''),
    coalesce((SELECT group_concat(c.name, ' ') FROM organization_communes oc
              JOIN communes c ON c.id = oc.commune_id WHERE oc.organization_id = o.id), '')
FROM organizations o WHERE o.status = 'published';
INSERT INTO bench_fts (bench_fts) VALUES ('optimize');
"""

FACET_SQL = {
    "theme": """SELECT coalesce(t.parent_id, t.id), count(DISTINCT ot.organization_id)
        FROM organization_themes ot JOIN themes t ON t.id = ot.theme_id
        WHERE ot.organization_id IN hits GROUP BY 1""",
    "subtheme": """SELECT ot.theme_id, count(*) FROM organization_themes ot
        WHERE ot.organization_id IN hits GROUP BY 1""",
    "public": """SELECT public_id, count(*) FROM organization_publics
        WHERE organization_id IN hits GROUP BY 1""",
    "commune": """SELECT commune_id, count(*) FROM organization_communes
        WHERE organization_id IN hits GROUP BY 1""",
    "type": "SELECT kind, count(*) FROM organizations WHERE id IN hits GROUP BY 1",
}

FILTER_SQL = {
    "theme": """rowid IN (SELECT ot.organization_id FROM organization_themes ot
        JOIN themes t ON t.id = ot.theme_id LEFT JOIN themes p ON p.id = t.parent_id
        WHERE t.slug = :theme OR p.slug = :theme)""",
    "public": """rowid IN (SELECT op.organization_id FROM organization_publics op
        JOIN publics p ON p.id = op.public_id WHERE p.slug = :public)""",
    "commune": """rowid IN (SELECT oc.organization_id FROM organization_communes oc
        JOIN communes c ON c.id = oc.commune_id WHERE c.slug = :commune)""",
    "type": "rowid IN (SELECT id FROM organizations WHERE kind = :type)",
}


@dataclass
class FtsResult:
    ids: list[int]
    total: int
    facets: dict[str, list[tuple]]


def build(path: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(BUILD_SQL)


def match_expression(text: str) -> str:
    return " AND ".join(f'"{word}"*' for word in WORD_RE.findall(text.lower()))


def run(conn: sqlite3.Connection, query: SearchQuery) -> FtsResult:
    """Search like the results page does: one page of ids, the total and every facet."""
    conditions, params = ["bench_fts MATCH :match"], {"match": match_expression(query.q)}
    for name, sql in FILTER_SQL.items():
        value = getattr(query, name)
        if value:
            # `+rowid`: keeps the filter out of FTS5's plan, which would re-run MATCH per row.
            conditions.append(sql.replace("rowid IN", "+rowid IN", 1))
            params[name] = value
    # The matching rows and their bm25 score, computed once, then read by every facet.
    conn.execute("DROP TABLE IF EXISTS temp.hits")
    conn.execute("CREATE TEMP TABLE hits (id INTEGER PRIMARY KEY, score REAL)")
    conn.execute(
        f"INSERT INTO temp.hits SELECT rowid, rank FROM bench_fts WHERE {' AND '.join(conditions)}",
        params,
    )
    offset = (query.page - 1) * query.per_page
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM temp.hits ORDER BY score LIMIT ? OFFSET ?", (query.per_page, offset)
        )
    ]
    total = conn.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
    facets = {
        name: conn.execute(sql.replace("IN hits", "IN (SELECT id FROM temp.hits)")).fetchall()
        for name, sql in FACET_SQL.items()
    }
    return FtsResult(ids, total, facets)
