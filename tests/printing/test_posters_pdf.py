"""One A4 poster per commune: permanences, services and associations present there."""

import io

from pypdf import PdfReader

from directory.core.extensions import db
from tests.factories import OrganizationFactory, PlaceFactory, ServiceFactory, commune
from tests.printing.pdftext import assert_no_secret, in_order, pdf_pages


def test_poster_lists_permanences_services_and_associations_of_the_commune(client, scene):
    response = client.get("/editions/communes/sergines.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    assert len(pages) == 1
    text = pages[0]
    assert "À Sergines, près de chez vous" in text
    assert "données à jour au" in text
    assert in_order(
        text,
        "Permanences et rendez-vous réguliers",
        "Aide aux démarches en ligne",
        "France Services Yonne Nord",
        "1er mardi du mois, 9 h – 12 h",
        "Mairie de Sergines",
        "Associations",
        "Judo Club de Sergines",
        "Baby judo",
    )
    # Present elsewhere only.
    assert "Amicale des seniors" not in text
    assert "Éveil musical du Nord" not in text
    assert_no_secret(pages)


def test_activity_of_an_organisation_from_another_commune_is_a_permanence(client, scene):
    ServiceFactory(
        organization=scene.seniors,  # seated in Pont-sur-Yonne
        nom="Atelier mémoire",
        horaires="Jeudi 14 h – 16 h",
        place=PlaceFactory(
            name="Salle polyvalente", adresse="1 rue de l'Église", commune=commune("cuy")
        ),
    )
    db.session.commit()
    text = pdf_pages(client.get("/editions/communes/cuy.pdf").data)[0]
    assert in_order(
        text,
        "Permanences et rendez-vous réguliers",
        "Atelier mémoire",
        "Amicale des seniors",
        "Jeudi 14 h – 16 h",
        "Salle polyvalente",
    )


def text_sizes(data: bytes) -> list[float]:
    """The size in points, on the page, of every piece of text of the PDF's first page."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (abs(tm[0] * cm[0]) + abs(tm[3] * cm[3])) / 2 or 1
            sizes.append(round(size * scale, 1))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return sizes


def test_a_crowded_poster_stays_readable_on_a_wall(client, db):
    pont = commune("pont-sur-yonne")
    for n in range(120):
        OrganizationFactory(nom=f"Association du quartier n° {n + 1}", communes=[pont])
    db.session.commit()
    sizes = text_sizes(client.get("/editions/communes/pont-sur-yonne.pdf").data)
    assert sizes and min(sizes) >= 12, sorted(set(sizes))


def test_crowded_commune_still_fits_on_one_a4_page(client, db):
    pont = commune("pont-sur-yonne")
    for n in range(20):
        org = OrganizationFactory(nom=f"Association du quartier n° {n + 1}", communes=[pont],
                                  telephone="03 86 00 00 00")
        ServiceFactory(organization=org, nom=f"Atelier du jeudi n° {n + 1}",
                       place=PlaceFactory(commune=pont))
    db.session.commit()
    data = client.get("/editions/communes/pont-sur-yonne.pdf").data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = pdf_pages(data)[0]
    assert "Association du quartier n° 1 " in text + " "
    assert "Liste abrégée" not in text
    assert "Flashez le code QR" in text


def test_overcrowded_commune_prints_one_page_saying_the_list_goes_on_online(client, db):
    pont = commune("pont-sur-yonne")
    for n in range(160):
        OrganizationFactory(nom=f"Association du quartier n° {n + 1}", communes=[pont],
                            telephone="03 86 00 00 00")
    db.session.commit()
    pages = pdf_pages(client.get("/editions/communes/pont-sur-yonne.pdf").data)
    assert len(pages) == 1
    assert "Liste abrégée faute de place" in pages[0]
    assert "Flashez le code QR ou rendez-vous sur" in pages[0]  # the footer stays


def test_commune_without_anything_says_so(client, db):
    text = pdf_pages(client.get("/editions/communes/villeperrot.pdf").data)[0]
    assert "Aucune structure n'est encore recensée dans la commune" in text


def test_unknown_commune_is_not_found(client, db):
    assert client.get("/editions/communes/paris.pdf").status_code == 404


def test_editions_page_links_every_edition(client, db):
    response = client.get("/editions")
    assert response.status_code == 200
    html = response.text
    assert 'href="/editions/annuaire.pdf"' in html
    for slug in ("petite-enfance", "seniors", "handicap-aidants", "acces-aux-droits"):
        assert f'href="/editions/guides/{slug}.pdf"' in html
    assert 'href="/editions/communes/sergines.pdf"' in html
    assert 'href="/editions/communes/villeneuve-la-guyard.pdf"' in html
