"""Dates and names read as a French reader writes them."""

import re
from datetime import date, datetime

from directory.core.dates import PARIS, date_fr, datetime_fr, day_fr


def test_the_first_of_the_month_is_written_premier():
    assert date_fr(date(2027, 1, 1)) == "1er janvier 2027"
    assert date_fr(date(2027, 1, 1), "EEEE d MMMM") == "vendredi 1er janvier"
    assert day_fr(date(2027, 3, 1)) == "1er mars"
    assert datetime_fr(datetime(2027, 5, 1, 10, 0, tzinfo=PARIS)).startswith("1er mai 2027")
    # Only the first: other days, and numeric patterns, stay as they are.
    assert date_fr(date(2027, 1, 11)) == "11 janvier 2027"
    assert date_fr(date(2027, 1, 1), "dd/MM/yyyy") == "01/01/2027"


def test_de_before_a_name_is_contracted_as_french_writes_it():
    from directory.core.text import de

    assert de("Les Amis des livres") == "des Amis des livres"
    assert de("Comité des fêtes de Serbonnes") == "du Comité des fêtes de Serbonnes"
    assert de("Chorale de Plessis-Saint-Jean") == "de la Chorale de Plessis-Saint-Jean"
    assert de("Harmonie municipale") == "de l'Harmonie municipale"
    assert de("Le Trait d'Union") == "du Trait d'Union"
    assert de("Yoga et Sophrologie") == "de Yoga et Sophrologie"
    assert de("Évry", proper=True) == "d'Évry"
    assert de("La Chapelle-sur-Oreuse", proper=True) == "de La Chapelle-sur-Oreuse"
    assert de("Les Mureaux", proper=True) == "des Mureaux"


def test_a_place_does_not_repeat_its_commune():
    from directory.core.text import without_place_name

    assert without_place_name("Salle polyvalente, Compigny", "Compigny") == "Salle polyvalente"
    assert without_place_name("Salle des fêtes, 89140 Évry", "Evry") == "Salle des fêtes"
    assert without_place_name("3 rue de Compigny", "Compigny") == "3 rue de Compigny"


def test_an_event_page_names_its_commune_once(client, db):
    from tests.factories import EventFactory, commune

    event = EventFactory(place=None, address="Salle polyvalente, Compigny",
                         commune=commune("compigny"))
    db.session.commit()
    page = client.get(f"/agenda/evenements/{event.id}", follow_redirects=True).text
    assert "<address>Salle polyvalente, 89140 Compigny</address>" in page


def test_communes_are_listed_as_a_french_reader_expects(client, db):
    # The territory has Évry, Gisy-les-Nobles, Villeneuve-la-Guyard…: Évry is filed among E.
    page = client.get("/agenda/proposer").text
    names = re.findall(r'<option value="[a-z-]+">([^<]+)</option>', page.split('id="commune"')[1])
    assert "Évry" in names and names.index("Évry") < names.index("Gisy-les-Nobles")
