"""Members give the address of their own calendar on their organisation's management pages."""

from directory.agenda import imports as event_feeds
from directory.core.extensions import db as _db
from tests.conftest import csrf_token, sign_in
from tests.factories import OrganizationFactory, UserFactory, member_of


def path_of(org) -> str:
    return f"/gestion/{org.slug}/agenda/flux"


def post(client, org, url):
    page = client.get(path_of(org))
    assert page.status_code == 200, page.text
    return client.post(path_of(org), data={"csrf_token": csrf_token(page.text), "url": url})


def test_member_sets_changes_and_stops_the_import(client, db):
    org = OrganizationFactory(nom="Club de randonnée")
    sign_in(client, member_of(org))
    page = client.get(path_of(org))
    assert "Importer votre calendrier" in page.text
    assert "relus par l'équipe" in page.text  # not trusted: moderation announced

    response = post(client, org, "webcal://exemple.fr/randonnee.ics")
    assert response.status_code == 302
    _db.session.expire_all()
    feed = event_feeds.feed_of(org)
    assert feed.url == "https://exemple.fr/randonnee.ics" and feed.archived_at is None
    page = client.get(path_of(org))
    assert "https://exemple.fr/randonnee.ics" in page.text
    assert "lu lors du prochain import" in page.text

    assert post(client, org, "").status_code == 302
    _db.session.expire_all()
    assert event_feeds.feed_of(org).archived_at is not None
    assert event_feeds.active_feeds() == []


def test_invalid_address_is_refused_in_french_and_kept(client, db):
    org = OrganizationFactory()
    sign_in(client, member_of(org))
    response = post(client, org, "ftp://exemple.fr/agenda.ics")
    assert response.status_code == 422
    assert "commence par https://" in response.text
    assert "ftp://exemple.fr/agenda.ics" in response.text
    assert event_feeds.feed_of(org) is None


def test_others_cannot_see_or_change_it(client, db):
    org = OrganizationFactory()
    other = OrganizationFactory(nom="Autre association")
    anonymous = client.get(path_of(org))
    assert anonymous.status_code == 302  # to the sign-in page
    sign_in(client, member_of(other))
    assert client.get(path_of(org)).status_code == 403
    sign_in(client, UserFactory())
    assert client.get(path_of(org)).status_code == 403
    assert client.get("/gestion/inconnue/agenda/flux").status_code == 404


def test_an_address_imported_by_another_organisation_is_refused(client, db):
    first = OrganizationFactory(nom="Comité des fêtes")
    event_feeds.set_feed(first, None, "https://exemple.fr/fetes.ics")
    org = OrganizationFactory(nom="Amicale")
    sign_in(client, member_of(org))
    response = post(client, org, "https://exemple.fr/fetes.ics")
    assert response.status_code == 422
    assert "déjà importée par une autre organisation" in response.text
    assert event_feeds.feed_of(org) is None
