"""A few of the French search cases through the real /annuaire page."""

import pytest

from tests.factories import OrganizationFactory, ServiceFactory, commune, theme


@pytest.fixture
def orgs(db):
    OrganizationFactory(
        nom="Théâtre de la Vanne", themes=[theme("theatre")], communes=[commune("sergines")]
    )
    gym = OrganizationFactory(
        nom="Étoile gymnique de Michery",
        presentation_resume="Gymnastique artistique dès 4 ans.",
        themes=[theme("gymnastique-et-fitness")],
        communes=[commune("michery")],
    )
    ServiceFactory(organization=gym, nom="Randonnée des familles")
    db.session.commit()


def test_accents_folded_on_the_page(client, orgs):
    page = client.get("/annuaire", query_string={"q": "theatre"}).get_data(as_text=True)
    assert "Théâtre de la Vanne" in page
    assert "Étoile gymnique" not in page


def test_typo_and_plural_on_the_page(client, orgs):
    page = client.get("/annuaire", query_string={"q": "gymnastque"}).get_data(as_text=True)
    assert "Étoile gymnique de Michery" in page
    page = client.get("/annuaire", query_string={"q": "randonnees"}).get_data(as_text=True)
    assert "Étoile gymnique de Michery" in page
    assert "Théâtre de la Vanne" not in page


def test_commune_name_and_empty_query_on_the_page(client, orgs):
    page = client.get("/annuaire", query_string={"q": "Sergines"}).get_data(as_text=True)
    assert "Théâtre de la Vanne" in page
    assert "Étoile gymnique" not in page
    page = client.get("/annuaire").get_data(as_text=True)
    assert page.index("Étoile gymnique de Michery") < page.index("Théâtre de la Vanne")
