"""Audience counts: what a visit adds, and that nothing kept identifies a person."""

from flask import current_app
from sqlalchemy import select

from directory.core.dates import today_paris
from directory.observatory import counting
from directory.observatory.models import CountKind, DailyCount, DailyVisitor


def counts(db, kind):
    """The counts written (the test client does not close responses: write them here, as the
    server does once a response is sent)."""
    counting.flush(current_app._get_current_object())
    db.session.expire_all()
    rows = db.session.execute(
        select(DailyCount.key, DailyCount.count).where(DailyCount.kind == kind)).all()
    return dict(rows)


def test_page_views_are_counted_per_section_and_searches_per_scope(client, db):
    client.get("/annuaire")
    client.get("/annuaire?q=judo")
    client.get("/agenda")
    client.get("/partenaires?q=aide+alimentaire")
    client.get("/moderation/")  # not a public section
    assert counts(db, CountKind.PAGE) == {"annuaire": 2, "agenda": 1, "partenaires": 1}
    assert counts(db, CountKind.SEARCH) == {"annuaire": 1, "partenaires": 1}


def test_feed_subscribers_are_distinct_per_day_from_a_salted_hash(client, db):
    for agent in ("Calendrier/1", "Calendrier/1", "Thunderbird/128"):
        client.get("/agenda.ics", headers={"User-Agent": agent})
    assert counts(db, CountKind.FEED) == {"/agenda.ics": 3}
    digests = db.session.scalars(select(DailyVisitor.digest).where(
        DailyVisitor.key == "/agenda.ics")).all()
    assert len(digests) == 2
    for digest in digests:
        assert "127.0.0.1" not in digest and "Calendrier" not in digest
    assert all(v.day == today_paris() for v in db.session.scalars(select(DailyVisitor)))


def test_counts_are_written_once_the_response_is_sent(client, db):
    response = client.get("/agenda")
    assert db.session.scalar(select(DailyCount.count)) is None
    response.close()  # what the server does after sending it
    assert db.session.scalar(select(DailyCount.count)) == 1
