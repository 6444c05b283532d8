"""The public agenda: filters, days in Paris time, repetitions, statuses, event pages, embed."""

import json
import re
from datetime import UTC, date, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.agenda import queries as agenda
from directory.agenda.models import EventOverride
from directory.agenda.queries import AgendaFilters
from directory.core.dates import today_paris
from directory.taxonomy.vocabularies import Accessibility, EventStatus, Fees, ModerationState
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    PlaceFactory,
    commune,
    paris_time,
    public,
    theme,
)

DAY = date(2030, 6, 1)


def titles(filters: AgendaFilters) -> list[str]:
    return [o.title for o in agenda.occurrences(filters)]


def window(**kwargs) -> AgendaFilters:
    return AgendaFilters(start=DAY, end=DAY + timedelta(days=30), **kwargs)


def at(day: date, hour: int = 14, minute: int = 30, minutes: int = 120):
    start = paris_time(day, hour, minute)
    return {"starts_at": start, "ends_at": start + timedelta(minutes=minutes)}


# --- Filters read from and written to a query string -----------------------------------------


def test_filters_round_trip_through_the_query_string():
    from werkzeug.datastructures import MultiDict

    args = MultiDict(
        [
            ("du", "2030-06-01"),
            ("au", "2030-06-30"),
            ("commune", "sens"),
            ("commune", "pont-sur-yonne"),
            ("theme", "sport"),
            ("public", "enfants"),
            ("organisation", "la-chorale"),
            ("gratuit", "1"),
            ("accessible", "1"),
            ("accessibilite", "moteur"),
        ]
    )
    filters = AgendaFilters.from_args(args)
    assert filters == AgendaFilters(
        start=date(2030, 6, 1),
        end=date(2030, 6, 30),
        communes=["sens", "pont-sur-yonne"],
        themes=["sport"],
        publics=["enfants"],
        organization="la-chorale",
        free_only=True,
        accessible=True,
        accessibility=["moteur"],
    )
    assert AgendaFilters.from_args(MultiDict(filters.to_args())) == filters


def test_unreadable_filters_are_ignored_and_defaults_stay_out_of_urls():
    filters = AgendaFilters.from_args(
        {"du": "demain", "au": "2030-13-45", "commune": "<script>", "accessibilite": "x"}
    )
    assert filters == AgendaFilters()
    assert filters.start == today_paris()
    assert filters.to_args() == {}


def test_named_periods_stay_relative():
    saturday = date(2030, 6, 1)  # a Saturday
    wednesday = date(2030, 6, 5)
    week_end = AgendaFilters.from_args({"periode": "week-end"}, today=wednesday)
    assert (week_end.start, week_end.end) == (date(2030, 6, 8), date(2030, 6, 9))
    assert week_end.to_args() == {"periode": "week-end"}
    on_saturday = AgendaFilters.from_args({"periode": "week-end"}, today=saturday)
    assert (on_saturday.start, on_saturday.end) == (saturday, date(2030, 6, 2))
    month = AgendaFilters.from_args({"periode": "mois"}, today=wednesday)
    assert (month.start, month.end) == (wednesday, date(2030, 6, 30))
    week = AgendaFilters.from_args({"periode": "semaine"}, today=wednesday)
    assert week.end == date(2030, 6, 9)


# --- The query ----------------------------------------------------------------------------------


def test_only_published_non_archived_events_in_the_period(db):
    EventFactory(title="Publié", **at(DAY))
    EventFactory(title="Brouillon", moderation_state=ModerationState.DRAFT, **at(DAY))
    EventFactory(title="En attente", moderation_state=ModerationState.SUBMITTED, **at(DAY))
    EventFactory(title="Refusé", moderation_state=ModerationState.REFUSED, **at(DAY))
    EventFactory(title="Archivé", archived_at=paris_time(DAY), **at(DAY))
    EventFactory(title="Avant", **at(DAY - timedelta(days=1)))
    EventFactory(title="Après", **at(DAY + timedelta(days=31)))
    EventFactory(title="Annulé", public_status=EventStatus.CANCELLED, **at(DAY, 16))
    db.session.commit()
    assert titles(window()) == ["Publié", "Annulé"]


def test_each_filter(db):
    EventFactory(title="Champigny", commune=commune("champigny"), **at(DAY))
    football = EventFactory(title="Football", frais=Fees.PAID, **at(DAY))
    football.themes.append(theme("sports-collectifs"))
    kids = EventFactory(title="Enfants", **at(DAY))
    kids.publics.append(public("enfants"))
    other = OrganizationFactory(slug="la-chorale", nom="La chorale")
    EventFactory(title="Chorale", organization=other, frais=Fees.PAID, **at(DAY))
    EventFactory(
        title="Accessible",
        accessibility=[Accessibility.MOTOR, Accessibility.VISUAL],
        frais=Fees.PAID,
        **at(DAY),
    )
    EventFactory(title="Auditif", accessibility=[Accessibility.HEARING], frais=Fees.PAID, **at(DAY))
    db.session.commit()
    assert titles(window(communes=["champigny"])) == ["Champigny"]
    assert titles(window(themes=["sport"])) == ["Football"]
    assert titles(window(themes=["sports-collectifs"])) == ["Football"]
    assert titles(window(themes=["culture"])) == []  # a parent includes its children
    assert titles(window(publics=["enfants"])) == ["Enfants"]
    assert titles(window(organization="la-chorale")) == ["Chorale"]
    assert set(titles(window(free_only=True))) == {"Champigny", "Enfants"}
    assert set(titles(window(accessible=True))) == {"Accessible", "Auditif"}
    assert titles(window(accessibility=["moteur"])) == ["Accessible"]
    assert titles(window(accessibility=["moteur", "auditif"])) == []


def test_a_repeating_event_shows_on_each_date_and_a_cancelled_date_as_cancelled(db):
    start = paris_time(DAY, 18)
    EventFactory(
        title="Yoga",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=4",
        overrides=[
            EventOverride(
                recurrence_id=paris_time(DAY + timedelta(days=7), 18),
                public_status=EventStatus.CANCELLED,
            )
        ],
    )
    db.session.commit()
    found = agenda.occurrences(window())
    assert [o.day for o in found] == [DAY + timedelta(days=7 * n) for n in range(4)]
    assert [o.is_cancelled for o in found] == [False, True, False, False]


def test_days_are_paris_days(db):
    # 23:30 in Paris on 1 June is 21:30 UTC; in winter 23:30 is 22:30 UTC the same day.
    EventFactory(title="Nuit", **at(DAY, 23, 30, minutes=20))
    winter = date(2030, 12, 1)
    EventFactory(title="Hiver", **at(winter, 23, 30, minutes=20))
    db.session.commit()
    assert [o.day for o in agenda.occurrences(window())] == [DAY]
    found = agenda.occurrences(AgendaFilters(start=winter, end=winter))
    assert [(o.title, o.day) for o in found] == [("Hiver", winter)]
    next_day = winter + timedelta(days=1)
    assert agenda.occurrences(AgendaFilters(start=next_day, end=next_day)) == []


# --- Pages ---------------------------------------------------------------------------------------

WINTER = date(2030, 12, 1)  # a Sunday; Paris is UTC+1


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.text


def day_sections(html: str) -> dict[str, str]:
    """Day heading -> the HTML of that day's section."""
    sections = re.findall(
        r'<h2 class="agenda-day__title"[^>]*>([^<]+)</h2>(.*?)</section>', html, re.S
    )
    return {heading.strip(): body for heading, body in sections}


def test_dates_are_grouped_under_their_paris_day(db, client):
    # 23:30 in Paris on 1 December is 22:30 UTC the same day; 00:30 on the 2nd is 23:30 UTC
    # on the 1st: both belong to their Paris day.
    EventFactory(title="Veillée", **at(WINTER, 23, 30, minutes=20))
    EventFactory(title="Bal de minuit", **at(WINTER + timedelta(days=1), 0, 30))
    EventFactory(title="Marché", **at(WINTER, 9))
    db.session.commit()
    html = page(client, "/agenda?du=2030-12-01&au=2030-12-31")
    days = day_sections(html)
    assert list(days) == ["dimanche 1er décembre 2030", "lundi 2 décembre 2030"]
    first = days["dimanche 1er décembre 2030"]
    assert "Veillée" in first and "Marché" in first and "Bal de minuit" not in first
    assert first.index("Marché") < first.index("Veillée")
    assert "23 h 30" in first
    assert "Bal de minuit" in days["lundi 2 décembre 2030"]


TITLES = ("Loto", "handball", "Conte", "Répétition", "Visite adaptée")


def test_page_filters_through_the_query_string(db, client):
    EventFactory(title="Loto à Champigny", commune=commune("champigny"), **at(WINTER))
    match = EventFactory(title="Match de handball", frais=Fees.PAID, **at(WINTER))
    match.themes.append(theme("sports-collectifs"))
    kids = EventFactory(title="Conte pour enfants", frais=Fees.PAID, **at(WINTER))
    kids.publics.append(public("enfants"))
    chorale = OrganizationFactory(nom="La chorale", slug="la-chorale")
    EventFactory(title="Répétition publique", organization=chorale, frais=Fees.PAID, **at(WINTER))
    EventFactory(
        title="Visite adaptée", accessibility=[Accessibility.VISUAL], frais=Fees.PAID, **at(WINTER)
    )
    db.session.commit()
    base = "/agenda?du=2030-12-01&au=2030-12-31"
    everything = page(client, base)
    assert all(title in everything for title in TITLES)
    cases = {
        "&commune=champigny": {"Loto"},
        "&theme=sport": {"handball"},
        "&public=enfants": {"Conte"},
        "&organisation=la-chorale": {"Répétition"},
        "&gratuit=1": {"Loto"},
        "&accessible=1": {"Visite adaptée"},
        "&accessibilite=visuel": {"Visite adaptée"},
        "&accessibilite=moteur": set(),
    }
    for query, expected in cases.items():
        html = page(client, base + query)
        shown = {t for t in TITLES if t in html}
        assert shown == expected, query
    # The form shows what is selected, so that the URL can be bookmarked and changed.
    html = page(client, base + "&commune=champigny&gratuit=1")
    assert '<option value="champigny" selected>' in html
    assert 'name="gratuit" value="1" checked' in html


def test_repetitions_show_on_each_date_and_a_cancelled_one_is_struck(db, client):
    start = paris_time(WINTER, 18)
    EventFactory(
        title="Yoga du soir",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=3",
        overrides=[
            EventOverride(
                recurrence_id=paris_time(WINTER + timedelta(days=7), 18),
                public_status=EventStatus.CANCELLED,
            )
        ],
    )
    EventFactory(title="Concert reporté", public_status=EventStatus.POSTPONED, **at(WINTER))
    EventFactory(title="Atelier complet", public_status=EventStatus.FULL, **at(WINTER))
    db.session.commit()
    days = day_sections(page(client, "/agenda?du=2030-12-01&au=2030-12-31"))
    assert [d for d, body in days.items() if "Yoga du soir" in body] == [
        "dimanche 1er décembre 2030",
        "dimanche 8 décembre 2030",
        "dimanche 15 décembre 2030",
    ]
    assert "<s>Yoga du soir</s>" in days["dimanche 8 décembre 2030"]
    assert "Annulé" in days["dimanche 8 décembre 2030"]
    assert "<s>" not in days["dimanche 15 décembre 2030"]
    assert "Reporté" in days["dimanche 1er décembre 2030"]
    assert "Complet" in days["dimanche 1er décembre 2030"]


HIDDEN_STATES = [
    {"moderation_state": ModerationState.DRAFT},
    {"moderation_state": ModerationState.SUBMITTED},
    {"moderation_state": ModerationState.REFUSED, "refusal_reason": "Hors territoire"},
    {"archived_at": paris_time(date(2030, 1, 1))},
]


@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_unpublished_events_never_show(db, client, hidden):
    org = OrganizationFactory(slug="comite-des-fetes")
    event = EventFactory(title="Réunion secrète", organization=org, **hidden, **at(WINTER))
    soon = EventFactory(title="Bientôt secret", organization=org, **hidden)
    db.session.commit()
    for path in (
        "/agenda",
        "/agenda?du=2030-12-01&au=2030-12-31",
        "/agenda/mois/2030/12",
        "/agenda/integrer?du=2030-12-01",
        "/agenda/organisations/comite-des-fetes",
        "/agenda/communes/pont-sur-yonne?du=2030-12-01",
        "/annuaire/comite-des-fetes",
    ):
        html = page(client, path)
        assert "secrète" not in html and "Bientôt secret" not in html, path
    for e in (event, soon):
        page(client, f"/agenda/evenements/{e.id}-{e.slug}", 404)
        page(client, f"/agenda/evenements/{e.id}", 404)
        page(client, f"/agenda/evenements/{e.id}.ics", 404)


def test_month_view(db, client):
    EventFactory(title="Fête de Noël", **at(date(2030, 12, 20), 15))
    EventFactory(title="Exposition", start_date=date(2030, 12, 30), end_date=date(2031, 1, 3))
    EventFactory(title="Autre commune", commune=commune("champigny"), **at(date(2030, 12, 20)))
    db.session.commit()
    html = page(client, "/agenda/mois/2030/12?commune=pont-sur-yonne")
    assert "<h1>Agenda de décembre 2030</h1>" in html
    cells = re.findall(r'<td class="month__day[^"]*"[^>]*>(.*?)</td>', html, re.S)
    assert len(cells) % 7 == 0
    by_day = {}
    for cell in cells:
        label = re.search(r'<span class="visually-hidden">([^<]+)</span>', cell).group(1)
        by_day[label] = cell
    assert "Fête de Noël" in by_day["vendredi 20 décembre 2030"]
    assert "15 h" in by_day["vendredi 20 décembre 2030"]
    assert "Autre commune" not in html  # the filter applies to the month too
    # An all-day event over several days shows on each of its days.
    assert "Exposition" in by_day["lundi 30 décembre 2030"]
    assert "Exposition" in by_day["mercredi 1er janvier 2031"]
    assert "Exposition" in by_day["jeudi 2 janvier 2031"]
    assert "Exposition" not in by_day["vendredi 3 janvier 2031"]  # the end is exclusive
    assert 'href="/agenda/mois/2030/11?commune=pont-sur-yonne"' in html
    assert 'href="/agenda/mois/2031/1?commune=pont-sur-yonne"' in html
    page(client, "/agenda/mois/2030/13", 404)
    assert client.get("/agenda/mois").status_code == 302


def test_commune_and_organisation_pages(db, client):
    org = OrganizationFactory(nom="Les Amis du patrimoine", slug="amis-du-patrimoine")
    EventFactory(title="Visite de l'église", organization=org, commune=commune("champigny"))
    EventFactory(title="Autre chose")
    db.session.commit()
    html = page(client, "/agenda/organisations/amis-du-patrimoine")
    assert "Visite de l&#39;église" in html and "Autre chose" not in html
    assert 'href="/annuaire/amis-du-patrimoine"' in html
    html = page(client, "/agenda/communes/champigny")
    assert "Visite de l&#39;église" in html and "Autre chose" not in html
    page(client, "/agenda/communes/nulle-part", 404)
    page(client, "/agenda/organisations/inconnue", 404)


def test_the_organisation_page_of_the_directory_lists_its_upcoming_events(db, client):
    org = OrganizationFactory(nom="Les Amis du patrimoine", slug="amis-du-patrimoine")
    EventFactory(title="Visite de l'église", organization=org)
    EventFactory(title="Déjà passé", organization=org, **at(today_paris() - timedelta(days=3)))
    EventFactory(title="Brouillon", organization=org, moderation_state=ModerationState.DRAFT)
    db.session.commit()
    html = page(client, "/annuaire/amis-du-patrimoine")
    assert "Prochains événements" in html
    assert "Visite de l&#39;église" in html
    assert "Déjà passé" not in html and "Brouillon" not in html
    assert 'href="/agenda/organisations/amis-du-patrimoine"' in html
    other = OrganizationFactory(nom="Sans date", slug="sans-date")
    db.session.commit()
    assert "Prochains événements" not in page(client, f"/annuaire/{other.slug}")
    assert "Visite de l&#39;église" in page(client, "/communes/pont-sur-yonne")


def test_the_listing_stops_at_a_horizon_with_a_link_further(db, client):
    EventFactory(title="Dans deux semaines", **at(today_paris() + timedelta(days=14)))
    EventFactory(title="Dans six mois", **at(today_paris() + timedelta(days=180)))
    db.session.commit()
    html = page(client, "/agenda")
    assert "Dans deux semaines" in html and "Dans six mois" not in html
    more = re.search(r'href="([^"]+)" rel="next">Voir la suite', html).group(1)
    assert "du=" in more
    later = page(client, more.replace("&amp;", "&"))
    assert "Dans six mois" in later or "Voir la suite" in later


def test_named_period_on_the_page(db, client):
    EventFactory(title="Aujourd'hui même", **at(today_paris(), 23, 0, minutes=30))
    EventFactory(title="Dans un mois et demi", **at(today_paris() + timedelta(days=45)))
    db.session.commit()
    html = page(client, "/agenda?periode=aujourdhui")
    assert "Aujourd&#39;hui même" in html and "Dans un mois et demi" not in html
    assert '<option value="aujourdhui" selected>' in html


# --- The event page ------------------------------------------------------------------------------


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def make_full_event(**fields):
    place = PlaceFactory(name="Salle des fêtes", adresse="2 place de la Mairie")
    org = OrganizationFactory(nom="Comité des fêtes", slug="comite-des-fetes")
    start = paris_time(WINTER, 20, 30)
    fields.setdefault("starts_at", start)
    fields.setdefault("ends_at", start + timedelta(hours=2))
    event = EventFactory(
        title="Bal du 1er décembre",
        slug="bal-du-1er-decembre",
        organization=org,
        place=place,
        commune=place.commune,
        description="Orchestre **Les Copains**.",
        frais=Fees.PAID,
        price_details="8 €, gratuit pour les moins de 12 ans",
        registration_url="https://exemple.org/inscription",
        accessibility=[Accessibility.MOTOR],
        age_min=6,
        **fields,
    )
    event.themes.append(theme("danse"))
    db_session().commit()
    return event


def db_session():
    from directory.core.extensions import db

    return db.session


def test_event_page_shows_everything_in_french(db, client):
    event = make_full_event(rrule="FREQ=WEEKLY;COUNT=3")
    html = page(client, f"/agenda/evenements/{event.id}-bal-du-1er-decembre")
    assert "Bal du 1er décembre" in html
    assert 'dimanche 1er décembre 2030, <span class="nowrap">20 h 30 – 22 h 30</span>' in html
    assert "Se répète tous les dimanches à partir du 1er décembre (3 fois)." in html
    assert "dimanche 15 décembre 2030" in html
    assert "Salle des fêtes, 2 place de la Mairie" in html
    assert 'href="/annuaire/comite-des-fetes">Comité des fêtes</a>' in html
    assert "8 €, gratuit pour les moins de 12 ans" in html
    assert 'href="https://exemple.org/inscription"' in html
    assert "Handicap moteur" in html
    assert "à partir de 6 ans" in html
    assert "<strong>Les Copains</strong>" in html
    assert f'href="/agenda/evenements/{event.id}.ics"' in html


def test_event_page_redirects_to_its_canonical_address(db, client):
    event = make_full_event()
    for path in (f"/agenda/evenements/{event.id}-ancien-titre", f"/agenda/evenements/{event.id}"):
        response = client.get(path)
        assert response.status_code == 301
        assert response.location.endswith(f"/agenda/evenements/{event.id}-bal-du-1er-decembre")


def test_structured_data(db, client):
    event = make_full_event()
    data = json_ld(page(client, f"/agenda/evenements/{event.id}-{event.slug}"))
    assert data["@type"] == "Event"
    assert data["name"] == "Bal du 1er décembre"
    assert data["startDate"] == "2030-12-01T20:30:00+01:00"
    assert data["endDate"] == "2030-12-01T22:30:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Salle des fêtes"
    assert data["location"]["address"]["addressLocality"] == "Pont-sur-Yonne"
    assert data["location"]["address"]["streetAddress"] == "2 place de la Mairie"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Comité des fêtes",
        "url": "http://localhost/annuaire/comite-des-fetes",
    }
    assert data["offers"]["url"] == "https://exemple.org/inscription"
    assert data["url"] == f"http://localhost/agenda/evenements/{event.id}-{event.slug}"


def test_structured_data_in_summer_and_for_statuses(db, client):
    summer = paris_time(date(2030, 7, 14), 22, 0)
    event = make_full_event(
        starts_at=summer, ends_at=summer + timedelta(hours=1), public_status=EventStatus.CANCELLED
    )
    data = json_ld(page(client, f"/agenda/evenements/{event.id}-{event.slug}"))
    assert data["startDate"] == "2030-07-14T22:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    event.public_status = EventStatus.POSTPONED
    db.session.commit()
    data = json_ld(page(client, f"/agenda/evenements/{event.id}-{event.slug}"))
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    free = EventFactory(title="Pique-nique", start_date=date(2030, 7, 14))
    db.session.commit()
    data = json_ld(page(client, f"/agenda/evenements/{free.id}-{free.slug}"))
    assert data["startDate"] == data["endDate"] == "2030-07-14"
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == "0"


def test_structured_data_cannot_close_its_script_element(db, client):
    event = EventFactory(
        title="</script><script>alert(1)</script>",
        slug="injection",
        description="<!-- </script> --> & <b>",
    )
    db.session.commit()
    html = page(client, f"/agenda/evenements/{event.id}-injection")
    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "<!-- </script> --> & <b>"


def test_add_to_google_calendar_and_outlook_links(db, client):
    event = make_full_event()
    html = page(client, f"/agenda/evenements/{event.id}-{event.slug}")
    google = re.search(r'href="([^"]+)"[^>]*class="add-to-calendar__google"', html).group(1)
    url = urlsplit(unescape(google))
    assert (url.scheme, url.netloc) == ("https", "calendar.google.com")
    assert url.path == "/calendar/render"
    params = parse_qs(url.query)
    assert params["action"] == ["TEMPLATE"]
    assert params["text"] == ["Bal du 1er décembre"]
    # 20:30 in Paris in winter is 19:30 UTC.
    assert params["dates"] == ["20301201T193000Z/20301201T213000Z"]
    assert "Salle des fêtes" in params["location"][0]
    assert f"/agenda/evenements/{event.id}-" in params["details"][0]

    outlook = re.search(r'href="([^"]+)"[^>]*class="add-to-calendar__outlook"', html).group(1)
    url = urlsplit(unescape(outlook))
    assert (url.netloc, url.path) == ("outlook.live.com", "/calendar/0/deeplink/compose")
    params = parse_qs(url.query)
    assert params["path"] == ["/calendar/action/compose"]
    assert params["rru"] == ["addevent"]
    assert params["subject"] == ["Bal du 1er décembre"]
    assert params["startdt"] == ["2030-12-01T19:30:00Z"]
    assert params["enddt"] == ["2030-12-01T21:30:00Z"]
    assert params["allday"] == ["false"]


def test_all_day_calendar_links_use_dates(db, client):
    event = EventFactory(title="Brocante", start_date=date(2030, 6, 1), end_date=date(2030, 6, 3))
    db.session.commit()
    html = page(client, f"/agenda/evenements/{event.id}-{event.slug}")
    google = re.search(r'href="([^"]+)"[^>]*class="add-to-calendar__google"', html).group(1)
    assert parse_qs(urlsplit(unescape(google)).query)["dates"] == ["20300601/20300603"]
    outlook = re.search(r'href="([^"]+)"[^>]*class="add-to-calendar__outlook"', html).group(1)
    params = parse_qs(urlsplit(unescape(outlook)).query)
    assert (params["startdt"], params["enddt"], params["allday"]) == (
        ["2030-06-01"], ["2030-06-03"], ["true"]
    )
    assert "Du samedi 1er juin 2030 au dimanche 2 juin 2030" in html


def test_single_event_ics(db, client):
    event = make_full_event()
    response = client.get(f"/agenda/evenements/{event.id}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data.decode()
    assert "BEGIN:VEVENT" in body and f"UID:{event.uid}" in body


# --- Subscription and embedding ----------------------------------------------------------------


def test_every_agenda_page_offers_a_subscription_with_the_same_filters(db, client):
    event = EventFactory(title="Loto")
    db.session.commit()
    for path in (
        "/agenda?commune=champigny&gratuit=1",
        "/agenda/mois/2030/12?commune=champigny&gratuit=1",
        "/agenda/communes/champigny?gratuit=1",
    ):
        html = page(client, path)
        webcal = re.search(r'href="(webcal://[^"]+)"', html).group(1)
        url = urlsplit(unescape(webcal))
        assert (url.netloc, url.path) == ("localhost", "/agenda.ics")
        assert parse_qs(url.query) == {"commune": ["champigny"], "gratuit": ["1"]}, path
        google = re.search(r'href="([^"]+)"[^>]*class="subscribe__google"', html).group(1)
        cid = parse_qs(urlsplit(unescape(google)).query)["cid"][0]
        assert cid == unescape(webcal)
        field = re.search(r'<input id="adresse-flux"[^>]*value="([^"]+)"', html).group(1)
        assert unescape(field) == "http://localhost/agenda.ics?" + url.query
        assert "readonly" in re.search(r'<input id="adresse-flux"[^>]*>', html).group(0)
    html = page(client, f"/agenda/evenements/{event.id}-{event.slug}")
    assert f"webcal://localhost/agenda.ics?organisation={event.organization.slug}" in html
    # The subscription address answers with the feed.
    feed = client.get(f"/agenda.ics?organisation={event.organization.slug}")
    assert feed.status_code == 200 and b"Loto" in feed.data


def test_only_the_embeddable_agenda_may_be_framed(db, client):
    event = EventFactory(title="Loto", commune=commune("champigny"))
    EventFactory(title="Ailleurs")
    db.session.commit()
    embed = client.get("/agenda/integrer?commune=champigny")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    assert "script-src 'self'" in embed.headers["Content-Security-Policy"]
    assert "Loto" in embed.text and "Ailleurs" not in embed.text
    assert 'class="site-header"' not in embed.text
    assert 'target="_blank"' in embed.text
    for path in (
        "/agenda",
        "/agenda/integrer/aide",
        f"/agenda/evenements/{event.id}-{event.slug}",
        "/agenda/mois/2030/12",
        "/",
    ):
        response = client.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_embed_help_gives_the_iframe_code_for_the_chosen_filters(db, client):
    html = page(client, "/agenda/integrer/aide?commune=champigny")
    textarea = re.search(r'<textarea id="code-integration"[^>]*>(.*?)</textarea>', html, re.S)
    code = unescape(textarea.group(1))
    assert code.startswith('<iframe src="http://localhost/agenda/integrer?commune=champigny"')
    assert code.endswith("></iframe>")


def test_filters_in_use_are_listed_and_removed_one_by_one(db, client):
    html = page(client, "/agenda?commune=champigny&theme=sport&gratuit=1")
    chips = re.findall(r'<li><span>([^<]+)</span> <a href="([^"]+)">Retirer', html)
    assert [label for label, _ in chips] == ["Champigny", "Sport", "Gratuit"]
    remaining = {label: parse_qs(urlsplit(unescape(href)).query) for label, href in chips}
    assert remaining["Champigny"] == {"theme": ["sport"], "gratuit": ["1"]}
    assert remaining["Gratuit"] == {"commune": ["champigny"], "theme": ["sport"]}
    # On a commune's page, the commune is the page itself, not a filter to remove.
    html = page(client, "/agenda/communes/champigny?gratuit=1")
    assert re.findall(r'<li><span>([^<]+)</span> <a', html) == ["Gratuit"]


def test_filter_choices_count_events_each_ignoring_its_own_filter(db, client):
    start = paris_time(today_paris() + timedelta(days=2))
    dates = {"starts_at": start, "ends_at": start + timedelta(hours=1)}
    for n in range(2):
        EventFactory(title=f"Loto {n}", commune=commune("champigny"), **dates)
    match = EventFactory(title="Match", **dates)
    match.themes.append(theme("sports-collectifs"))
    match.publics.append(public("enfants"))
    EventFactory(title="Brouillon", commune=commune("champigny"),
                 moderation_state=ModerationState.DRAFT, **dates)
    db.session.commit()
    html = page(client, "/agenda?commune=champigny")
    assert '<option value="champigny" selected>Champigny (2 événements)</option>' in html
    assert ">Pont-sur-Yonne (1 événement)</option>" in html  # the commune filter is ignored
    # Other facets follow the commune filter: no sport in Champigny.
    assert ">Sport : tout (0 événement)</option>" in html
    html = page(client, "/agenda")
    assert ">Sport : tout (1 événement)</option>" in html  # a parent counts its children
    assert ">Sports collectifs (1 événement)</option>" in html
    assert ">Enfants (1 événement)</option>" in html


def test_structured_data_of_a_repeating_event_has_one_event_per_date(db, client):
    event = make_full_event(
        rrule="FREQ=WEEKLY;COUNT=3",
        overrides=[
            EventOverride(
                recurrence_id=paris_time(WINTER + timedelta(days=7), 20, 30),
                public_status=EventStatus.CANCELLED,
            )
        ],
    )
    data = json_ld(page(client, f"/agenda/evenements/{event.id}-{event.slug}"))
    assert [d["startDate"] for d in data] == [
        "2030-12-01T20:30:00+01:00",
        "2030-12-08T20:30:00+01:00",
        "2030-12-15T20:30:00+01:00",
    ]
    assert [d["eventStatus"].rsplit("/", 1)[1] for d in data] == [
        "EventScheduled",
        "EventCancelled",
        "EventScheduled",
    ]
    assert all(d["@type"] == "Event" and d["name"] == "Bal du 1er décembre" for d in data)


# --- Listings are kept per data version: a change shows at once ------------------------------


def test_a_kept_listing_changes_as_soon_as_an_event_is_edited_or_cancelled(db, client):
    from tests.agenda.test_manage_pages import TIMED, post_new, signed_member, text_of
    from tests.conftest import csrf_token
    from tests.htmlforms import fill, form_fields

    org = signed_member(client, trusted=True)
    response = post_new(client, org.slug, **TIMED)
    assert response.status_code == 302
    edit_url = response.location
    visitor = client.application.test_client()
    march = "/agenda?du=2027-03-01&au=2027-03-31"
    embed = "/agenda/integrer?du=2027-03-01&au=2027-03-31"
    for _ in range(2):  # the second visit is served from what the first one kept
        html = unescape(page(visitor, march))
        assert "Loto de l'école" in html and ">Sergines (1 événement)</option>" in html
        assert "Loto de l'école" in unescape(page(visitor, embed))

    fields = form_fields(client.get(edit_url).text, edit_url)
    response = client.post(edit_url, data=fill(fields, title="Super loto", commune="cuy"))
    assert response.status_code == 302, text_of(response)
    html = unescape(page(visitor, march))
    assert "Super loto" in html and "Loto de l'école" not in html
    assert ">Sergines (0 événement)</option>" in html and ">Cuy (1 événement)</option>" in html
    assert "Super loto" in unescape(page(visitor, embed))

    cancel = client.get(f"{edit_url}/annuler")
    response = client.post(f"{edit_url}/annuler",
                           data={"csrf_token": csrf_token(text_of(cancel)), "note": "Grippe"})
    assert response.status_code == 302
    for path in (march, embed):
        html = unescape(page(visitor, path))
        assert "<s>Super loto</s>" in html and "Annulé" in html, path


def test_a_kept_listing_shows_a_cancelled_date_and_a_new_organiser_name_at_once(db, client):
    from tests.agenda.test_manage_pages import TIMED, post_new, signed_member, text_of
    from tests.conftest import csrf_token

    org = signed_member(client, trusted=True, nom="Comité des fêtes")
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-06"},
                        repeat="weekly", repeat_count="4")
    edit_url = response.location
    visitor = client.application.test_client()
    march = "/agenda?du=2027-03-01&au=2027-03-31"
    html = page(visitor, march)
    assert html.count("agenda-item--cancelled") == 0 and html.count("Comité des fêtes") == 4
    cancel = client.get(f"{edit_url}/annuler")
    key = paris_time(date(2027, 3, 20), 14, 0).astimezone(UTC).isoformat()
    response = client.post(f"{edit_url}/annuler", data={
        "csrf_token": csrf_token(text_of(cancel)), "occurrence": key, "note": "Salle prise"})
    assert response.status_code == 302
    html = page(visitor, march)
    assert html.count("agenda-item--cancelled") == 1 and "Salle prise" in html
    sections = day_sections(html)
    assert "agenda-item--cancelled" in sections["samedi 20 mars 2027"]

    org.nom = "Comité des fêtes de Cuy"
    db.session.commit()
    assert unescape(page(visitor, march)).count("Comité des fêtes de Cuy") == 4
