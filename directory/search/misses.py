"""Searches that found nothing, counted per day, scope and words (never who searched)."""

from datetime import date

from sqlalchemy import func, select, update

from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.search.models import SearchMiss
from directory.search.vocabulary import words_of

MAX_WORDS = 200


def normalized(words: str) -> str:
    """The words only (folded, in order), so that counts gather spellings of the same query."""
    return " ".join(words_of(words))[:MAX_WORDS]


def record_miss(scope: str, words: str) -> None:
    """Counts one zero-result search of today (flushes; the request commits)."""
    text = normalized(words)
    if not text:
        return
    day = today_paris()
    done = db.session.execute(
        update(SearchMiss)
        .where(SearchMiss.day == day, SearchMiss.scope == scope, SearchMiss.words == text)
        .values(count=SearchMiss.count + 1)
    )
    if not done.rowcount:
        db.session.add(SearchMiss(day=day, scope=scope, words=text, count=1))
        db.session.flush()


def misses_between(start: date, end: date, scope: str | None = None) -> list[tuple[str, int]]:
    """(words, searches) that found nothing between two days included, most frequent first."""
    total = func.sum(SearchMiss.count)
    stmt = select(SearchMiss.words, total).where(SearchMiss.day >= start, SearchMiss.day <= end)
    if scope:
        stmt = stmt.where(SearchMiss.scope == scope)
    stmt = stmt.group_by(SearchMiss.words).order_by(total.desc(), SearchMiss.words)
    return [(words, int(count)) for words, count in db.session.execute(stmt)]
