"""SQL fragments of a search: a word's levels, groups of alternatives, filters.

The Whoosh engine's rules (query.py: where and how a word matched, vocabulary alternatives)
written as CASE expressions.
"""

import re

from directory.search.query import DETAILED_WORDS, POSTCODE_RE, RANKED_WORDS
from directory.search.types import SearchQuery

#: The person's own words rank above the vocabulary's alternatives for them (as in query.py).
ALTERNATIVE_WEIGHT = 0.9
#: Letters and digits only reach a tsquery (WORD_RE also keeps « _ »).
SAFE_RE = re.compile(r"[^\w]|_")


def safe(word: str) -> str:
    return SAFE_RE.sub("", word)


class Params:
    """Bound parameters of one statement: `p(value)` gives its placeholder."""

    def __init__(self):
        self.values: dict = {}

    def p(self, value) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def french(params: Params, text: str) -> str:
    return f"to_tsquery('directory_french', {params.p(text)})"


def folded(params: Params, text: str) -> str:
    return f"to_tsquery('directory_folded', {params.p(text)})"


def word_sql(params: Params, word: str, exact: bool, fuzzy: dict[str, list[str]], a: str = "d"):
    """(level, condition) of one query word: level 6 in the name, 4 the sigle, 2 résumé, themes
    or communes, 1 elsewhere or as typed, 0.5 as a prefix, 0.3 with one typo; an acronym matches
    itself only; a postcode matches its communes' listings."""
    if POSTCODE_RE.fullmatch(word):
        cond = (
            f"{a}.communes && ARRAY(SELECT slug FROM communes"
            f" WHERE postal_code = {params.p(word)})::text[]"
        )
        return f"(CASE WHEN {cond} THEN 2.0 ELSE 0 END)", cond
    w = safe(word)
    if not w:
        return "0", "FALSE"
    if exact:
        cond = f"{a}.folded @@ {folded(params, w)}"
        return f"(CASE WHEN {cond} THEN 6.0 ELSE 0 END)", cond
    cases = [
        f"WHEN {a}.tsv @@ {french(params, f'{w}:{label}')} THEN {weight}"
        for weight, label in (("6.0", "A"), ("4.0", "B"), ("2.0", "C"))
    ]
    cases.append(
        f"WHEN {a}.tsv @@ {french(params, f'{w}:D')} OR {a}.folded @@ {folded(params, w)} THEN 1.0"
    )
    loose = [w]
    if len(w) >= 3:
        cases.append(f"WHEN {a}.folded @@ {folded(params, f'{w}:*')} THEN 0.5")
        loose = [f"{w}:*"]
    typos = [t for t in fuzzy.get(w, []) if t != w]
    if len(w) >= 5 and typos:
        cases.append(f"WHEN {a}.folded @@ {folded(params, ' | '.join(typos))} THEN 0.3")
        loose += typos
    cond = f"({a}.tsv @@ {french(params, w)} OR {a}.folded @@ {folded(params, ' | '.join(loose))})"
    return f"(CASE {' '.join(cases)} ELSE 0 END)", cond


def group_sql(params: Params, alternatives, fuzzy, a: str = "d") -> tuple[list[str], str]:
    """(level of each alternative, condition) of a group: a word or phrase and its vocabulary
    alternatives; a document counts at its best alternative."""
    levels, conds = [], []
    for i, alternative in enumerate(alternatives):
        words = [word_sql(params, word, exact, fuzzy, a) for word, _, exact in alternative]
        if len(words) == 1:
            level, cond = words[0]
        else:
            # Every word of a phrase somewhere in the document.
            cond = "(" + " AND ".join(c for _, c in words) + ")"
            level = f"(CASE WHEN {cond} THEN 2.0 ELSE 0 END)"
        if i:
            level = f"({level} * {ALTERNATIVE_WEIGHT})"
        levels.append(level)
        conds.append(cond)
    return levels, "(" + " OR ".join(conds) + ")"


def best_sql(columns: list[str]) -> tuple[str, str]:
    """(best level, index of the first alternative reaching it) of a group's columns."""
    if len(columns) == 1:
        return columns[0], "0"
    best = f"GREATEST({', '.join(columns)})"
    which = " ".join(f"WHEN {c} = {best} THEN {i}" for i, c in enumerate(columns))
    return best, f"(CASE {which} END)"


def order_sql(count: int, partial: bool = False) -> list[str]:
    """ORDER BY terms of `count` groups (columns g0…, t0…): sum of the levels, then group by
    group its level and its alternative (the Whoosh engine lists equal scores in that order);
    beyond DETAILED_WORDS groups, only close (>= 1) or approximate matches count."""
    groups = [f"g{i}" for i in range(min(count, RANKED_WORDS))]
    if len(groups) > DETAILED_WORDS:
        # As query.collapse(): a word missing from a partial match counts as approximate.
        missing = "0.3" if partial else "0"
        levels = [
            f"(CASE WHEN {g} >= 1.0 THEN 1.0 WHEN {g} > 0 THEN 0.3 ELSE {missing} END)"
            for g in groups
        ]
        return [f"({' + '.join(levels)}) DESC", *(f"{level} DESC" for level in levels)]
    if not groups:
        return []
    terms = [f"({' + '.join(groups)}) DESC"]
    for i, g in enumerate(groups):
        terms += [f"{g} DESC", f"t{i}"]
    return terms


class Filters:
    """SQL conditions of the selected filters; `parent`: the parent theme whose children the
    subtheme facet lists."""

    def __init__(self, params: Params, query: SearchQuery, theme: tuple[str, str | None] | None):
        #: theme: (slug, parent slug or None) of the selected theme, None if unknown.
        self.params = params
        self.query = query
        self.parent: str | None = None
        self.theme = theme
        if query.theme and theme:
            slug, parent = theme
            self.parent = parent or slug

    def conditions(self, a: str = "d", but: str | None = None) -> list[str]:
        q, p = self.query, self.params.p
        found = []
        if q.theme and but != "theme":
            if not self.theme:
                found.append("FALSE")
            elif self.theme[1] is None:
                found.append(f"{a}.themes @> ARRAY[{p(self.theme[0])}]::text[]")
            else:
                key = f"{self.theme[1]}/{self.theme[0]}"
                found.append(f"{a}.subthemes @> ARRAY[{p(key)}]::text[]")
        if q.public and but != "public":
            found.append(f"{a}.publics @> ARRAY[{p(q.public)}]::text[]")
        if q.commune and but != "commune":
            found.append(f"{a}.communes @> ARRAY[{p(q.commune)}]::text[]")
        if q.type and but != "type":
            found.append(f"{a}.kind = {p(q.type)}")
        if q.benevoles and but != "benevoles":
            found.append(f"{a}.benevoles" if q.benevoles == "oui" else "FALSE")
        return found

    def sql(self, a: str = "d", but: str | None = None) -> str:
        return " AND ".join(self.conditions(a, but)) or "TRUE"
