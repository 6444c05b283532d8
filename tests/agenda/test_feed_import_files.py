"""Feeds as other software writes them (tests/agenda/fixtures/feeds/, each file says where its
kind was seen), imported by `flask agenda import-feeds` from a real local HTTP server."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.agenda import imports as event_feeds
from directory.agenda import recurrence
from directory.agenda.models import Event
from directory.core.dates import PARIS
from directory.core.extensions import db as _db
from directory.taxonomy.vocabularies import EventStatus
from tests.agenda.test_feed_import import FeedServer, imported, run
from tests.factories import OrganizationFactory

FILES = Path(__file__).parent / "fixtures" / "feeds"
YEAR = (datetime(2031, 1, 1, tzinfo=PARIS), datetime(2032, 1, 1, tzinfo=PARIS))


def serve(server, name: str, version: int = 1) -> None:
    server.content = (FILES / name).read_bytes()
    server.etag = f'"{name}-{version}"'


@pytest.fixture
def server(app):
    previous = app.config.get("FEED_IMPORT_ALLOW_PRIVATE")
    app.config["FEED_IMPORT_ALLOW_PRIVATE"] = True  # the test server is on loopback
    feed_server = FeedServer()
    yield feed_server
    feed_server.close()
    app.config["FEED_IMPORT_ALLOW_PRIVATE"] = previous


@pytest.fixture
def org(db, server):
    org = OrganizationFactory(nom="Foyer rural", trusted=True)
    event_feeds.set_feed(org, None, server.url)
    _db.session.commit()
    return org


def paris(occurrence) -> str:
    start = occurrence.start
    if isinstance(start, date) and not isinstance(start, datetime):
        return start.isoformat()
    return start.astimezone(PARIS).strftime("%a %d/%m %H:%M")


def dates(event) -> list[str]:
    return [paris(o) for o in recurrence.occurrences(event, *YEAR)]


def feed(org):
    _db.session.expire_all()
    return event_feeds.feed_of(org)


def test_changed_dates_converge_over_successive_imports(db, runner, server, org):
    """A date moved, moved again, a second date cancelled, the series renamed: each import
    succeeds, and the same file again changes nothing."""
    for version, name in enumerate(("google_series_v1.ics", "google_series_v2.ics",
                                    "google_series_v3.ics"), start=1):
        serve(server, name, version)
        result = run(runner)
        assert result.exit_code == 0, result.output
        assert "erreur" not in result.output
    (event,) = imported(db, org).values()
    assert event.title == "Atelier couture et tricot"
    shown = {paris(o): o for o in recurrence.occurrences(event, *YEAR)}
    assert "Wed 15/01 18:00" in shown  # moved twice: 14th 18:00 → 14th 19:00 → 15th 18:00
    assert "Tue 14/01 18:00" not in shown and "Tue 14/01 19:00" not in shown
    assert shown["Tue 28/01 18:00"].status == EventStatus.CANCELLED
    assert shown["Tue 21/01 18:00"].title == "Atelier couture et tricot"
    assert len(event.overrides) == 2
    server.etag = '"again"'
    result = run(runner)
    assert "0 ajouté(s), 0 modifié(s), 0 annulé(s), 1 inchangé(s)" in result.output
    # Back to the first file: the cancelled date comes back, the moved one goes back.
    serve(server, "google_series_v1.ics", 9)
    assert run(runner).exit_code == 0
    (event,) = imported(db, org).values()
    shown = {paris(o): o for o in recurrence.occurrences(event, *YEAR)}
    assert "Tue 14/01 19:00" in shown and shown["Tue 28/01 18:00"].status != "cancelled"
    assert len(event.overrides) == 1


def test_events_without_uid_keep_their_identity(db, runner, server, org):
    serve(server, "wordpress_no_uid.ics")
    result = run(runner)
    assert "3 ajouté(s)" in result.output
    first = {e.title: e.source_uid for e in imported(db, org).values()}
    assert len(set(first.values())) == 3
    server.etag = '"again"'
    result = run(runner)
    assert "0 ajouté(s), 0 modifié(s), 0 annulé(s), 3 inchangé(s)" in result.output
    assert {e.title: e.source_uid for e in imported(db, org).values()} == first


def test_one_bad_value_costs_its_event_only_and_is_reported(db, runner, server, org, client):
    serve(server, "exchange_bad_values.ics")
    result = run(runner)
    assert result.exit_code == 0, result.output
    assert "2 ajouté(s)" in result.output and "2 problème(s) de lecture" in result.output
    assert {e.title for e in imported(db, org).values()} == {
        "Permanence juridique", "Café des parents"
    }
    problems = feed(org).last_problems
    assert any("Assemblée générale" in p and "date de début illisible" in p
               and "non importé" in p for p in problems)
    assert any("Permanence juridique" in p and "SEQUENCE" in p
               and "importé sans cette valeur" in p for p in problems)
    # The organisation's members (and the staff) read it on the feed's page.
    from tests.conftest import sign_in
    from tests.factories import member_of

    sign_in(client, member_of(org))
    page = client.get(f"/gestion/{org.slug}/agenda/flux").text
    assert "À vérifier dans votre calendrier" in page
    assert "« Assemblée générale »" in page and "date de début illisible" in page


def test_offsets_past_24_hours_are_read(db, runner, server, org):
    serve(server, "icloud_offset.ics")
    result = run(runner)
    assert result.exit_code == 0 and "1 ajouté(s)" in result.output, result.output
    (event,) = imported(db, org).values()
    assert event.starts_at == datetime(2031, 5, 10, 13, tzinfo=UTC)


def test_other_zones_repeat_on_their_own_clock(db, runner, server, org):
    for version, name in enumerate(("outlook_new_york.ics", "thunderbird_tokyo.ics",
                                    "nextcloud_utc_rule.ics")):
        serve(server, name, version)
        assert run(runner).exit_code == 0
        events = {e.title: e for e in imported(db, org).values()
                  if e.public_status == EventStatus.SCHEDULED}
        # Noon in New York: 18:00 in Paris, 17:00 between the US (9 March) and EU (30 March)
        # clock changes.
        if name == "outlook_new_york.ics":
            assert dates(events["Visio avec la ville jumelle"]) == [
                "Wed 05/03 18:00", "Wed 12/03 17:00", "Wed 19/03 17:00", "Wed 26/03 17:00",
                "Wed 02/04 18:00", "Wed 09/04 18:00",
            ]
        # Monday 7:00 in Tokyo is Sunday 23:00 in Paris.
        elif name == "thunderbird_tokyo.ics":
            assert dates(events["Cours de japonais en ligne"]) == [
                "Sun 05/01 23:00", "Sun 12/01 23:00", "Sun 19/01 23:00", "Sun 26/01 23:00",
            ]
        # 17:00 UTC stays 17:00 UTC: 18:00 in Paris, then 19:00 after the clock change.
        else:
            assert dates(events["Réunion des bénévoles"]) == [
                "Tue 18/03 18:00", "Tue 25/03 18:00", "Tue 01/04 19:00", "Tue 08/04 19:00",
            ]


def test_this_and_future_several_rules_and_all_day_switch(db, runner, server, org, client):
    serve(server, "zimbra_this_and_future.ics")
    result = run(runner)
    assert result.exit_code == 0, result.output
    events = imported(db, org)
    choir = [e for e in events.values() if e.title.startswith("Chorale")]
    shown = sorted((o.start, paris(o), o.title) for e in choir
                   for o in recurrence.occurrences(e, *YEAR))
    assert [(text, title) for _, text, title in shown] == [
        ("Mon 06/01 18:00", "Chorale"), ("Mon 13/01 18:00", "Chorale"),
        ("Mon 20/01 19:00", "Chorale (nouvel horaire)"),
        ("Mon 27/01 19:00", "Chorale (nouvel horaire)"),
        ("Mon 03/02 19:00", "Chorale (nouvel horaire)"),
        ("Mon 10/02 19:00", "Chorale (nouvel horaire)"),
    ]
    later = next(e for e in choir if e.title == "Chorale (nouvel horaire)")
    assert later.ends_at - later.starts_at == datetime(1, 1, 1, 2, 30) - datetime(1, 1, 1)
    assert dates(events["two-rules-1"]) == [
        "Wed 08/01 17:00", "Fri 10/01 17:00", "Wed 15/01 17:00", "Fri 17/01 17:00",
        "Wed 22/01 17:00",
    ]
    assert dates(events["all-day-switch-1"]) == ["Wed 08/01 09:00", "Wed 22/01 09:00"]
    day = next(e for uid, e in events.items() if uid.startswith("all-day-switch-1/"))
    assert day.all_day and day.start_date == date(2031, 1, 15)
    # The agenda's own feed gives the same dates.
    import recurring_ical_events
    from icalendar import Calendar

    ics = client.get(f"/agenda/organisations/{org.slug}.ics").data
    theirs = sorted(
        (v.start.astimezone(PARIS).strftime("%a %d/%m %H:%M"), str(v["SUMMARY"]))
        for v in recurring_ical_events.of(Calendar.from_ical(ics)).between(*YEAR)
        if str(v["SUMMARY"]).startswith("Chorale")
    )
    assert theirs == sorted((text, title) for _, text, title in shown)
    server.etag = '"again"'
    assert "0 ajouté(s), 0 modifié(s), 0 annulé(s), 5 inchangé(s)" in run(runner).output


def test_windows_1252_is_read_and_said(db, runner, server, org):
    serve(server, "outlook_cp1252.ics")
    assert run(runner).exit_code == 0
    (event,) = imported(db, org).values()
    assert event.title == "Fête de l'été à Sergines"
    assert event.description == "Entrée libre – buvette et crêpes"
    assert any("Windows-1252" in line for line in feed(org).last_problems)


def test_description_links_kept_and_markup_never_live(db, runner, server, org, client):
    serve(server, "teams_description.ics")
    assert run(runner).exit_code == 0
    (event,) = imported(db, org).values()
    assert "<https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0" \
           "?context=x&tenant=y>" in event.description
    assert "<marie.durand@asso-exemple.fr>" in event.description
    assert "script" not in event.description and "<b>" not in event.description
    data = client.get(f"/api/v1/evenements/{event.id}").get_json()
    assert "<" not in data["description"] and "alert" not in data["description"]
    assert "https://teams.microsoft.com/l/meetup-join/" in data["description"]
    assert "marie.durand@asso-exemple.fr" in data["description"]
    html = data["description_html"]
    assert 'href="https://teams.microsoft.com/l/meetup-join/' in html
    assert "<script" not in html and "alert" not in html


def test_long_uids_are_not_merged(db, runner, server, org):
    serve(server, "meetup_long_uids.ics")
    assert "2 ajouté(s)" in run(runner).output
    events = imported(db, org)
    assert {e.title for e in events.values()} == {"Séance 1", "Séance 2"}
    assert all(len(uid) <= 255 for uid in events)
    server.etag = '"again"'
    assert "2 inchangé(s)" in run(runner).output
    assert db.session.scalar(select(Event.id).where(Event.title == "Séance 2"))
