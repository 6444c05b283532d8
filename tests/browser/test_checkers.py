"""Every page family checked by tools: axe-core at 375 and 1280 px, the Nu HTML Checker on the
HTML the server sends. Any violation or error fails, with the list of them all."""

from datetime import timedelta

import pytest
from flask import url_for

from directory.accounts.models import Role
from directory.accounts.operations import signin_token
from directory.core.dates import today_paris
from directory.pathways import operations as pathways
from directory.taxonomy.vocabularies import OrganizationKind
from tests.browser.checkers import AXE, axe_violations, require, validate_html
from tests.browser.conftest import new_page
from tests.conftest import sign_in as sign_in_client
from tests.factories import (
    ContactFactory,
    EventFactory,
    MembershipFactory,
    PlaceFactory,
    ServiceFactory,
    UserFactory,
    organization,
    paris_time,
)

pytestmark = pytest.mark.browser

@pytest.fixture
def scene(db):
    """A small territory: an association with services, contacts and events, a partner
    service, a member who manages the association and a moderator."""
    day = today_paris()
    org = organization(
        "Théâtre des Deux Rives",
        themes=["theatre"],
        publics=["enfants"],
        communes=["sergines"],
        slug="theatre-des-deux-rives",
        presentation_resume="Troupe de théâtre amateur : ateliers enfants et adultes.",
        description="Une troupe **fictive**.\n\n- ateliers\n- spectacles",
        telephone="03 86 00 00 01",
        horaires_accueil="Mercredi de 14 h à 18 h",
    )
    org.places.append(PlaceFactory())
    ContactFactory(organization=org)
    ServiceFactory(organization=org, nom="Atelier théâtre enfants")
    partner = organization(
        "Centre social de Pont-sur-Yonne",
        kind=OrganizationKind.PARTNER,
        communes=["pont-sur-yonne"],
        slug="centre-social",
    )
    service = ServiceFactory(organization=partner, nom="Aide aux démarches")
    start = paris_time(day + timedelta(days=2), 20, 30)
    event = EventFactory(
        organization=org, title="Représentation de fin d'année", slug="representation",
        starts_at=start, ends_at=start + timedelta(hours=2),
    )
    EventFactory(organization=org, title="Stage de théâtre", start_date=day + timedelta(days=5))
    member = MembershipFactory(organization=org).user
    staff = UserFactory(role=Role.MODERATOR)
    org.easy_read = "La troupe joue du théâtre.\n\nVous pouvez venir essayer."
    pathway = pathways.create({
        "title": "Je viens d'arriver sur le territoire", "slug": "je-viens-d-arriver",
        "summary": "Bienvenue !", "easy_read": "Bienvenue.\n\nAllez à la mairie.",
        "published": True,
        "steps": [{"when": "En arrivant", "what": "Rencontrer vos voisins.",
                   "who": "Les associations", "themes": ["theatre"], "publics": [],
                   "kinds": [], "events": True, "pins": ["centre-social"]}],
    }, staff)
    db.session.commit()
    return {"org": org, "event": event, "service": service, "member": member, "staff": staff,
            "pathway": pathway}


def public_pages(s) -> list[str]:
    day = today_paris()
    org, event = s["org"], s["event"]
    return [
        "/",
        "/annuaire",
        "/annuaire?q=th%C3%A9%C3%A2tre",
        "/annuaire?q=zzzzqqq",
        f"/annuaire/{org.slug}",
        f"/annuaire/{org.slug}/signaler",
        "/thematiques",
        "/thematiques/theatre",
        "/communes",
        "/communes/sergines",
        "/agenda",
        "/agenda?periode=semaine&gratuit=1",
        f"/agenda/mois/{day.year}/{day.month}",
        f"/agenda/evenements/{event.id}-{event.slug}",
        "/agenda/communes/sergines",
        f"/agenda/organisations/{org.slug}",
        "/agenda/integrer",
        "/agenda/integrer/aide",
        "/agenda/proposer",
        "/partenaires",
        f"/partenaires/services/{s['service'].id}",
        "/editions",
        "/compte/connexion",
        "/compte/inscription",
        "/compte/mot-de-passe-oublie",
        "/mentions-legales",
        "/accessibilite",
        "/donnees-personnelles",
        "/plan-du-site",
        "/parcours",
        "/parcours/je-viens-d-arriver",
        "/parcours/je-viens-d-arriver?commune=sergines",
        "/guides",
        "/guides/petite-enfance",
        "/page-qui-n-existe-pas",
    ]


def member_pages(s) -> list[str]:
    slug = s["org"].slug
    return [
        "/compte/",
        "/gestion/",
        f"/gestion/{slug}",
        f"/gestion/{slug}/activites/nouvelle",
        f"/gestion/{slug}/contacts/nouveau",
        f"/gestion/{slug}/agenda/",
        f"/gestion/{slug}/agenda/nouveau",
        f"/annuaire/{slug}/historique",
    ]


def staff_pages(s) -> list[str]:
    return [
        "/moderation/",
        "/moderation/comptes/",
        "/moderation/editions/",
        "/moderation/campagnes/",
        "/moderation/vocabulaire",
        "/moderation/doublons",
        "/moderation/parcours/",
        "/moderation/parcours/nouveau",
        f"/moderation/parcours/{s['pathway'].id}/modifier",
        f"/moderation/parcours/{s['pathway'].id}/historique",
    ]


def visits(s):
    yield None, public_pages(s)
    yield s["member"], member_pages(s)
    yield s["staff"], staff_pages(s)


def sign_in_page(page, user) -> None:
    path = url_for("account.magic_link", token=signin_token(user), _external=False)
    page.goto(path)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violation_on_any_page_family(browser, live_server, scene, width):
    require(AXE, "axe-core (npm axe-core)")
    found = []
    checked = 0
    for user, paths in visits(scene):
        # bypass_csp: axe is injected as a script of the page (test_pages checks the CSP).
        page = new_page(browser, live_server, viewport={"width": width, "height": 900},
                        bypass_csp=True)
        try:
            if user is not None:
                sign_in_page(page, user)
            for path in paths:
                response = page.goto(path)
                assert response.status < 500, path
                for v in axe_violations(page):
                    found.append(f"{path} [{v['impact']}] {v['id']}: {v['help']}\n    "
                                 + "\n    ".join(v["nodes"][:5]))
                checked += 1
        finally:
            page.context.close()
    assert checked >= 40
    assert found == [], f"{len(found)} axe violations at {width} px:\n" + "\n".join(found)




def test_the_html_of_every_page_family_is_valid(app, scene, tmp_path):
    documents = {}
    for user, paths in visits(scene):
        client = app.test_client()
        if user is not None:
            sign_in_client(client, user)
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, path
            if response.mimetype == "text/html":
                documents[path] = response.get_data(as_text=True)
    assert len(documents) >= 40
    errors = validate_html(documents, tmp_path)
    lines = [
        f"{name}: {message}"
        for name, messages in errors.items()
        for message in messages
    ]
    assert lines == [], f"{len(lines)} HTML errors:\n" + "\n".join(lines)
