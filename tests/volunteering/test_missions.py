"""Missions: members publish them, /benevolat finds them, listing pages show them."""

from datetime import timedelta

from sqlalchemy import select

from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.volunteering.models import Mission
from tests.conftest import csrf_token
from tests.factories import OrganizationFactory, member_of
from tests.htmlforms import form_fields
from tests.volunteering.factories import mission


def fill(data, **values):
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def test_a_member_publishes_a_mission_shown_on_benevolat_and_the_listing_page(client,
                                                                           login_as):
    org = OrganizationFactory(nom="Les Amis du Théâtre", courriel="bureau@amis-theatre.fr")
    login_as(member_of(org))
    path = f"/gestion/{org.slug}/benevolat/nouvelle"
    page = client.get(path)
    assert page.status_code == 200
    data = fill(form_fields(page.text, path), title="Tenir la billetterie",
                description="Accueillir le public les soirs de spectacle.",
                regularity="ponctuelle", schedule="les soirs de spectacle", commune="cuy",
                themes=["theatre"], publics=["tout-public"], skills="Le sourire",
                starts_on=today_paris().isoformat())
    response = client.post(path, data=data)
    assert response.status_code == 302, response.text
    item = db.session.scalars(select(Mission)).one()
    assert (item.title, item.regularity, item.commune.slug) == (
        "Tenir la billetterie", "ponctuelle", "cuy")

    listing = client.get("/benevolat").text
    assert "Tenir la billetterie" in listing and "Les Amis du Théâtre" in listing
    page = client.get(f"/benevolat/{item.id}").text
    assert "Accueillir le public" in page and "Le sourire" in page and "Tout public" in page
    org_page = client.get(f"/annuaire/{org.slug}").text
    assert "Bénévoles recherchés" in org_page and "Tenir la billetterie" in org_page


def test_an_invalid_mission_is_refused_next_to_its_fields(client, login_as):
    org = OrganizationFactory()
    login_as(member_of(org))
    path = f"/gestion/{org.slug}/benevolat/nouvelle"
    data = fill(form_fields(client.get(path).text, path), title="Sans date",
                description="x", starts_on="2027-05-10", ends_on="2027-05-01")
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert "La fin ne peut pas précéder le début." in response.text
    assert form_fields(response.text, path)["title"] == "Sans date"
    assert db.session.scalars(select(Mission)).all() == []


def test_a_member_edits_and_ends_a_mission(client, login_as):
    item = mission("Trier les livres")
    org = item.organization
    login_as(member_of(org))
    path = f"/gestion/{org.slug}/benevolat/{item.id}"
    data = fill(form_fields(client.get(path).text, path), title="Trier et ranger les livres")
    assert client.post(path, data=data).status_code == 302
    assert "Trier et ranger les livres" in client.get("/benevolat").text

    page = client.get(f"/gestion/{org.slug}/benevolat")
    response = client.post(f"{path}/terminer", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert "n&#39;est plus proposée" in client.get(response.location).text
    assert "Trier et ranger" not in client.get("/benevolat").text
    assert client.get(f"/benevolat/{item.id}").status_code == 404


def test_another_organisation_cannot_touch_the_missions(client, login_as):
    item = mission("Trier les livres")
    login_as(member_of(OrganizationFactory(nom="Voisins")))
    assert client.get(f"/gestion/{item.organization.slug}/benevolat").status_code == 403
    assert client.get(
        f"/gestion/{item.organization.slug}/benevolat/{item.id}").status_code == 403


def test_benevolat_filters_by_theme_commune_period_and_rhythm(client, db):
    today = today_paris()
    mission("Entraîner les poussins", themes=["sports-collectifs"])
    mission("Lire aux enfants", themes=["lecture-et-bibliotheques"], regularity="ponctuelle",
            commune=None)
    mission("Festival d'automne", themes=["culture"], regularity="ponctuelle",
            starts_on=today + timedelta(days=60))
    mission("Terminée", themes=["culture"], ends_on=today - timedelta(days=1))
    db.session.commit()

    def titles(query=""):
        page = client.get(f"/benevolat{query}").text
        return {t for t in ("Entraîner les poussins", "Lire aux enfants", "Festival d'automne",
                            "Terminée") if t.replace("'", "&#39;") in page}

    assert titles() == {"Entraîner les poussins", "Lire aux enfants", "Festival d'automne"}
    assert titles("?thematique=culture") == {"Lire aux enfants", "Festival d'automne"}
    assert titles("?thematique=sport") == {"Entraîner les poussins"}
    assert titles("?commune=cuy") == {"Entraîner les poussins", "Festival d'automne"}
    assert titles("?periode=mois") == {"Entraîner les poussins", "Lire aux enfants"}
    assert titles("?periode=trimestre") == {"Entraîner les poussins", "Lire aux enfants",
                                            "Festival d'automne"}
    assert titles("?rythme=reguliere") == {"Entraîner les poussins"}
    assert titles("?rythme=nimporte&periode=jamais") == titles()  # ignored, not an error
