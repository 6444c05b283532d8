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
