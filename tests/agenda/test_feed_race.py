"""An event saved or withdrawn while /agenda.ics is being built never breaks the feed.

The feed lists its events, then loads those it has no cached block for: the test makes a
second connection commit a change exactly between those two queries, as a busy editor would.
"""

from contextlib import contextmanager

import pytest
from icalendar import Calendar
from sqlalchemy import event as sa_event
from sqlalchemy import text

from tests.factories import EventFactory


@contextmanager
def between_feed_queries(engine, change: str, **params):
    """Run `change` on another connection just before the feed loads its events' rows."""
    state = {"done": False}

    def before(conn, cursor, statement, parameters, context, executemany):
        if state["done"] or "events.id IN (" not in statement or "FROM events" not in statement:
            return
        state["done"] = True
        with engine.begin() as other:
            other.execute(text(change), params)

    sa_event.listen(engine, "before_cursor_execute", before)
    try:
        yield state
    finally:
        sa_event.remove(engine, "before_cursor_execute", before)


def summaries(data: bytes) -> set[str]:
    return {str(v["SUMMARY"]) for v in Calendar.from_ical(data).walk("VEVENT")}


@pytest.mark.parametrize("change, expected", [
    # Saved: a new sequence and modification time, so another block key than the listed one.
    ("UPDATE events SET title = 'Concert (salle changée)', sequence = sequence + 1, "
     "last_modified_at = CURRENT_TIMESTAMP WHERE id = :id",
     {"Concert (salle changée)", "Marché"}),
    # Withdrawn: gone by the time the events are loaded.
    ("DELETE FROM events WHERE id = :id", {"Marché"}),
])
def test_an_event_changed_between_the_feeds_queries(client, db, change, expected):
    concert = EventFactory(title="Concert")
    EventFactory(title="Marché")
    db.session.commit()
    concert_id = concert.id
    db.session.close()  # the request reads with a session of its own, as in production
    with between_feed_queries(db.engine, change, id=concert_id) as state:
        response = client.get("/agenda.ics")
    assert state["done"], "the change did not happen between the two queries"
    assert response.status_code == 200
    assert summaries(response.data) == expected
    # The feed built across the change is not kept under the version read before it: the
    # next request (new version) shows the same, and a third one is served from the cache.
    again = client.get("/agenda.ics")
    assert again.status_code == 200 and summaries(again.data) == expected
