"""The directory's « Bénévolat » facet: the listings looking for volunteers."""

from directory import search
from directory.core.extensions import db
from tests.factories import organization


def test_the_directory_filters_the_listings_looking_for_volunteers(client):
    organization("Les Restos du Cœur de Sergines", volunteers_wanted=True,
                 volunteers_details="Distribution le mardi.")
    organization("Club de bridge")
    db.session.commit()
    search.reindex()

    page = client.get("/annuaire").text
    assert "Recherche des bénévoles" in page and "Club de bridge" in page
    filtered = client.get("/annuaire?benevoles=oui")
    assert filtered.status_code == 200
    assert "Les Restos du Cœur" in filtered.text and "Club de bridge" not in filtered.text
    assert client.get("/annuaire?benevoles=peut-etre").status_code == 400


def test_an_association_with_an_open_mission_is_looking_for_volunteers(client, login_as):
    """Publishing a mission puts the association under the facet, ending it takes it out."""
    from tests.conftest import csrf_token
    from tests.factories import member_of
    from tests.volunteering.factories import mission

    org = organization("Club de bridge")
    organization("Chorale de Cuy")
    db.session.commit()
    search.reindex()
    assert "Club de bridge" not in client.get("/annuaire?benevoles=oui").text

    item = mission("Tenir la buvette", organization=org)
    db.session.commit()  # the outbox row of the mission updates its association's document
    page = client.get("/annuaire?benevoles=oui").text
    assert "Club de bridge" in page and "Chorale de Cuy" not in page
    search.reindex()  # a rebuild reads the missions too
    assert "Club de bridge" in client.get("/annuaire?benevoles=oui").text

    login_as(member_of(org))
    manage = client.get(f"/gestion/{org.slug}/benevolat")
    response = client.post(f"/gestion/{org.slug}/benevolat/{item.id}/terminer",
                           data={"csrf_token": csrf_token(manage.text)})
    assert response.status_code == 302
    assert "Club de bridge" not in client.get("/annuaire?benevoles=oui").text
