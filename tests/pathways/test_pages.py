"""Pathway pages list what the directory holds now, near the chosen commune, nothing private."""

import html as html_lib
import re
from datetime import timedelta

from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.pathways import operations
from directory.taxonomy.vocabularies import Status
from tests.factories import (
    EventFactory,
    ServiceFactory,
    organization,
    paris_time,
    public,
    theme,
)
from tests.pathways.conftest import SECRETS


def step_text(html: str, number: int) -> str:
    """The text of one step of a pathway page (its <li id="etape-N">)."""
    match = re.search(rf'<li class="step" id="etape-{number}">(.*?)(?=<li class="step" |</ol>)',
                      html, re.S)
    assert match, f"no step {number}"
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def test_index_and_home_page_lead_to_the_published_pathways(client, scene):
    hidden = operations.create({"title": "Parcours en préparation", "steps": []}, None)
    db.session.commit()
    index = client.get("/parcours")
    assert index.status_code == 200
    assert "Je cherche un mode de garde" in index.text
    assert "Parcours en préparation" not in index.text
    home = client.get("/").text
    assert "J'ai besoin de…" in home
    assert f'href="/parcours/{scene.pathway.slug}"' in home
    assert client.get(f"/parcours/{hidden.slug}").status_code == 404


def test_each_step_lists_the_matching_structures_services_and_permanences(client, scene):
    html = client.get(f"/parcours/{scene.pathway.slug}").text
    first = step_text(html, 1)
    assert "Que faire ? Chercher un mode d'accueil." in first
    for name in ("Relais Petite Enfance de Sergines", "Crèche Les Lucioles de Michery",
                 "Micro-crèche de Villeneuve"):
        assert name in first
    assert "Information des familles" in first  # the matching service
    assert "Mairie de Michery : 1er jeudi du mois" in first  # its permanence
    assert "France Services du territoire" not in first  # another theme
    second = step_text(html, 2)
    assert "France Services du territoire" in second
    assert "Crèche Les Lucioles" not in second  # an association: the step wants public services


def test_a_new_matching_service_appears_and_an_archived_one_disappears(client, scene):
    path = f"/parcours/{scene.pathway.slug}"
    assert "Halte-garderie itinérante" not in client.get(path).text
    other = organization("Centre social du Nord", communes=["sergines"])
    service = ServiceFactory(organization=other, nom="Halte-garderie itinérante",
                             themes=[theme("petite-enfance")],
                             publics=[public("petite-enfance")])
    db.session.commit()
    first = step_text(client.get(path).text, 1)
    assert "Centre social du Nord" in first and "Halte-garderie itinérante" in first
    service.archived_at = utcnow()
    db.session.commit()
    assert "Centre social du Nord" not in client.get(path).text
    scene.creche.status = Status.ARCHIVED
    db.session.commit()
    assert "Crèche Les Lucioles" not in client.get(path).text


def test_nothing_private_nor_unpublished_ever_shows(client, scene, login_as):
    for query in ("", "?commune=sergines"):
        html = client.get(f"/parcours/{scene.pathway.slug}{query}").text
        for secret in SECRETS:
            assert secret not in html, secret
    # Not even to a professional: the pathway is a public page.
    from directory.accounts.models import Role
    from tests.factories import UserFactory

    login_as(UserFactory(role=Role.PROFESSIONAL))
    html = client.get(f"/parcours/{scene.pathway.slug}").text
    for secret in SECRETS:
        assert secret not in html, secret


def test_a_commune_narrows_to_what_is_there_and_next_door(client, scene):
    html = client.get(f"/parcours/{scene.pathway.slug}?commune=sergines").text
    assert '<option value="sergines" selected>' in html
    first = step_text(html, 1)
    # In Sergines first, then Michery (a neighbour); Villeneuve-la-Guyard is not next door.
    assert first.index("Relais Petite Enfance de Sergines") < first.index("Crèche Les Lucioles")
    assert "Micro-crèche de Villeneuve" not in first
    # What serves the whole territory stays.
    assert "France Services du territoire" in step_text(html, 2)
    far = step_text(client.get(f"/parcours/{scene.pathway.slug}?commune=villeneuve-la-guyard")
                    .text, 1)
    assert "Micro-crèche de Villeneuve" in far
    assert "Crèche Les Lucioles" not in far and "Relais Petite Enfance de Sergines" not in far
    # An unknown commune is the whole territory, not an error.
    assert client.get(f"/parcours/{scene.pathway.slug}?commune=paris").status_code == 200


def test_coming_events_of_the_step_show_near_the_commune(client, scene):
    day = today_paris() + timedelta(days=10)
    near = EventFactory(organization=scene.creche, title="Matinée des assistantes maternelles",
                        starts_at=paris_time(day, 9, 30), ends_at=paris_time(day, 11, 30),
                        commune=scene.creche.places[0].commune)
    near.themes.append(theme("petite-enfance"))
    far = EventFactory(organization=scene.far, title="Portes ouvertes de la micro-crèche",
                       starts_at=paris_time(day, 9, 30), ends_at=paris_time(day, 11, 30),
                       commune=scene.far.places[0].commune)
    far.themes.append(theme("petite-enfance"))
    db.session.commit()
    everywhere = step_text(client.get(f"/parcours/{scene.pathway.slug}").text, 1)
    assert "Matinée des assistantes maternelles" in everywhere
    assert "Portes ouvertes de la micro-crèche" in everywhere
    sergines = step_text(client.get(f"/parcours/{scene.pathway.slug}?commune=sergines").text, 1)
    assert "Matinée des assistantes maternelles" in sergines
    assert "Portes ouvertes de la micro-crèche" not in sergines


def test_pinned_listings_come_first_and_archived_pathways_are_gone(client, scene):
    steps = [dict(s) for s in scene.pathway.steps]
    steps[0]["pins"] = ["france-services-du-territoire"]
    operations.update(scene.pathway, {"steps": steps}, None, 1)
    db.session.commit()
    first = step_text(client.get(f"/parcours/{scene.pathway.slug}").text, 1)
    assert first.index("France Services du territoire") < first.index("Relais Petite Enfance")
    assert "Conseillé" in first
    operations.archive(scene.pathway, None)
    db.session.commit()
    assert client.get(f"/parcours/{scene.pathway.slug}").status_code == 404
    assert "Je cherche un mode de garde" not in client.get("/parcours").text
