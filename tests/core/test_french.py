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


def test_names_are_filed_as_a_french_reader_files_them():
    from directory.core.text import french_order

    names = ["Zèbre", "Œuvres laïques", "Évry", "école de musique", "Orchestre", "Oeufs frais",
             "Ecluse", "Étigny", "Amis des livres", "À tout âge", "Eclair", "éclair"]
    assert sorted(names, key=french_order) == [
        "À tout âge", "Amis des livres", "Eclair", "éclair", "Ecluse", "école de musique",
        "Étigny", "Évry", "Oeufs frais", "Œuvres laïques", "Orchestre", "Zèbre"]


def test_the_printed_directory_index_files_e_acute_and_oe_among_the_letters(client, db):
    from tests.factories import organization
    from tests.printing.pdftext import in_order, pdf_pages

    for nom in ("Zumba du Nord", "Œuvre des pupilles", "Orchestre d'harmonie", "École de danse",
                "Escrime club", "Oenologie et terroir"):
        organization(nom, themes=["culture"])
    db.session.commit()
    pages = pdf_pages(client.get("/editions/annuaire.pdf").data)
    text = "\n".join(pages)
    index = text[text.rindex("Index des associations et structures"):]  # not the contents
    assert in_order(index, "École de danse", "Escrime club", "Oenologie et terroir",
                    "Œuvre des pupilles", "Orchestre d'harmonie", "Zumba du Nord")


def test_the_public_proposal_form_lists_organisations_in_french_order(client, db):
    from tests.factories import organization

    for nom in ("Zumba du Nord", "École de musique", "Amis des livres", "Œuvre des pupilles",
                "Orchestre d'harmonie"):
        organization(nom)
    db.session.commit()
    page = client.get("/agenda/proposer").text
    select = page.split('id="organization"')[1].split("</select>")[0]
    names = [n for n in re.findall(r'<option value="\d+">([^<]+)</option>', select)]
    assert names == ["Amis des livres", "École de musique", "Œuvre des pupilles",
                     "Orchestre d&#39;harmonie", "Zumba du Nord"]
