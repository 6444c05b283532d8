"""Feed imports cannot reach another organisation's events (issue 19.4), the loopback through
DNS rebinding or odd IPv6 spellings (19.3), nor hold the import queue with a slow server (19.10).
"""

from sqlalchemy import select

from directory.agenda import imports as event_feeds
from directory.agenda.models import Event
from directory.taxonomy.vocabularies import EventStatus
from tests.agenda import test_feed_import
from tests.agenda.test_feed_import import CONCERT, FAIR, YEAR, calendar, imported, run, vevent
from tests.agenda.test_feed_import_page import path_of, post
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, member_of

server = test_feed_import.server  # the loopback feed server fixture

CONCERT_CHANGED = vevent("concert@asso", f"""
SUMMARY:Concert annulé par B
DTSTART;TZID=Europe/Paris:{YEAR}0411T203000
DTEND;TZID=Europe/Paris:{YEAR}0411T223000
SEQUENCE:1
""")


def test_another_organisation_giving_the_same_address_gets_its_own_events(
    db, client, runner, server
):
    a = OrganizationFactory(nom="Les Tricoteuses")
    event_feeds.set_feed(a, None, server.url)
    db.session.commit()
    server.content = calendar(CONCERT, FAIR)
    assert run(runner).exit_code == 0
    before = imported(db, a)
    assert set(before) == {"concert@asso", "brocante@asso"}
    event_feeds.set_feed(a, None, "")  # A stops its import: the address is free again
    b = OrganizationFactory(nom="Club concurrent")
    db.session.commit()

    sign_in(client, member_of(b))
    assert post(client, b, server.url).status_code == 302
    server.content = calendar(CONCERT_CHANGED)  # the fair left the feed
    server.etag = '"v2"'
    assert run(runner).exit_code == 0

    mine = imported(db, a)
    assert mine["concert@asso"].title == "Concert de printemps"
    assert mine["brocante@asso"].public_status != EventStatus.CANCELLED
    theirs = imported(db, b)
    assert set(theirs) == {"concert@asso"}
    assert theirs["concert@asso"].title == "Concert annulé par B"
    page = client.get(path_of(b)).text
    assert "Brocante" not in page and "Concert de printemps" not in page
    assert db.session.scalar(select(Event).where(Event.title == "Brocante")).organization_id == a.id
