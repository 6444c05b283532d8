"""What every indicators section uses: tables, both periods in one query, labels."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased

from directory.accounts.models import Role, User
from directory.core.extensions import db
from directory.listings.models.organization import Organization
from directory.observatory.periods import Period
from directory.search.models import SearchMiss
from directory.taxonomy.models import Theme
from directory.taxonomy.vocabularies import Status

STAFF = [Role.ADMIN, Role.MODERATOR]
NOT_GIVEN = "Non précisé"


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    #: "bar" (first numeric column), "line" (over time) or None.
    chart: str | None = "bar"
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)

    @property
    def figures(self) -> Table:
        return self.tables[0]


@dataclass
class Report:
    period: Period
    before: Period
    sections: list[Section]
    #: When the figures were computed (they are reused a few minutes).
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


def evolution(now: int, before: int) -> str:
    if before == 0:
        return "stable" if now == 0 else "nouveau"
    # Words rather than "+50 %": a cell starting with + would be a formula in a spreadsheet.
    change = round(100 * (now - before) / before)
    if change == 0:
        return "stable"
    return f"hausse de {change} %" if change > 0 else f"baisse de {-change} %"


def figures(key: str, title: str, pairs: list[tuple[str, int, int]], period: Period,
             before: Period) -> Table:
    return Table(key, title, ["Indicateur", period.label, before.label, "Évolution"],
                 [[label, now, prev, evolution(now, prev)] for label, now, prev in pairs],
                 chart=None)


def inside(column, period: Period):
    return and_(column >= period.start_at, column < period.end_at)


def parent_theme():
    """(theme table, its parent alias, the name a row is counted under: the parent's)."""
    parent = aliased(Theme)
    return parent, func.coalesce(parent.name, Theme.name)


# Both periods in one query: conditional sums, so a page costs half the queries.


def span(column, p: Period, b: Period):
    """Rows of either period (the previous one may not touch the current one: CTG)."""
    return and_(column >= min(p.start_at, b.start_at), column < max(p.end_at, b.end_at))


def cond_sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def cond_distinct(column, condition):
    return func.count(distinct(case((condition, column))))


def pair(stmt) -> tuple[int, int]:
    row = db.session.execute(stmt).one()
    return int(row[0] or 0), int(row[1] or 0)


def grouped(stmt) -> list[list]:
    """(label, now, before) rows, largest first, labels without a value named."""
    rows = [(label, int(now or 0), int(before or 0))
            for label, now, before in db.session.execute(stmt)]
    rows = [r for r in rows if r[1] or r[2]]
    rows.sort(key=lambda r: (-r[1], -r[2], str(r[0])))
    return [[label if label is not None else NOT_GIVEN, now, before]
            for label, now, before in rows]

def published():
    return and_(Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None))

def not_staff():
    return or_(User.role.is_(None), User.role.not_in(STAFF))

def day_in(column, period: Period):
    return and_(column >= period.start, column < period.end)

def misses_by_scope(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    stmt = (select(SearchMiss.scope,
                   func.sum(case((day_in(SearchMiss.day, p), SearchMiss.count), else_=0)),
                   func.sum(case((day_in(SearchMiss.day, b), SearchMiss.count), else_=0)))
            .where(SearchMiss.day >= min(p.start, b.start), SearchMiss.day < max(p.end, b.end))
            .group_by(SearchMiss.scope))
    return {scope: (int(n or 0), int(m or 0)) for scope, n, m in db.session.execute(stmt)}

def per_month(p: Period, days: list[tuple[date, int]]) -> list[list]:
    per_month = Counter()
    for day, n in days:
        per_month[(day.year, day.month)] += int(n or 0)
    return [[f"{m.month:02d}/{m.year}", per_month.get((m.year, m.month), 0)] for m in p.months()]


def total(counts: dict[str, tuple[int, int]]) -> tuple[int, int]:
    return sum(n for n, _ in counts.values()), sum(m for _, m in counts.values())


def counts_in(column, p: Period, b: Period) -> tuple:
    """Two columns: how many rows fall in each period."""
    return cond_sum(inside(column, p)), cond_sum(inside(column, b))
