"""The newcomers' booklet of a demo commune: its content, its pages, folded like the agenda."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from directory.demo.generate import load_demo
from directory.pathways import booklet
from directory.pathways.demo import PATHWAYS
from directory.pathways.queries import territory_commune, visible_pathways
from tests.printing.pdftext import pdf_pages

#: The demo's reference day: the booklet lists the following quarter (January to March 2027).
TODAY = date(2026, 12, 3)


@pytest.fixture
def demo(db):
    load_demo(today=TODAY)
    return territory_commune("sergines")


def test_the_demo_ships_the_eight_pathways_each_step_answered(demo, client):
    pathways = visible_pathways()
    assert [p.title for p in pathways] == [
        "J'attends un enfant", "Je cherche un mode de garde", "Mon enfant entre au collège",
        "J'ai entre 16 et 25 ans", "Je m'occupe d'un proche", "Je vieillis chez moi",
        "J'ai besoin d'aide pour mes papiers", "Je viens d'arriver sur le territoire"]
    assert len(PATHWAYS) == 8
    for pathway in pathways:
        assert pathway.easy_read and len(pathway.steps) >= 3
        html = client.get(f"/parcours/{pathway.slug}?commune=sergines").text
        # Every step lists something of the demo directory near Sergines.
        assert html.count('class="step"') == len(pathway.steps)
        assert "Aucune structure n'est encore recensée pour cette étape" not in html, pathway.slug
    newcomers = client.get("/parcours/je-viens-d-arriver?commune=sergines").text
    assert 'href="/parcours/livret/sergines.pdf"' in newcomers
    assert 'href="/parcours/livret/sergines.pdf"' in client.get("/communes/sergines").text


def test_booklet_of_sergines_holds_its_services_associations_pathways_and_quarter(demo, app):
    with app.test_request_context():
        content = booklet.content(demo, TODAY)
        data, pages = booklet.a5_pdf(content)
        folded = booklet.booklet_pdf(demo, today=TODAY)
    assert content.quarter_title == "Janvier – mars 2027"
    assert content.events and all(date(2027, 1, 1) <= o.day < date(2027, 4, 1)
                                  for o in content.events)
    text = "\n".join(pdf_pages(data))
    assert "Bienvenue à Sergines" in text
    for needed in ("Les contacts utiles", "France Services Yonne Nord",
                   "Permanence de la Caisse d'allocations familiales",
                   "Les permanences à Sergines", "Les associations de Sergines",
                   "J'ai besoin de… : les parcours", "Je viens d'arriver sur le territoire",
                   "Les rendez-vous du trimestre (Janvier – mars 2027)",
                   content.events[0].title):
        assert needed in text, needed
    for group in content.associations:
        assert group.name in text and group.listings[0].nom in text
    # A5 pages, then imposed two by two on A4 landscape sides, padded to a multiple of four.
    reader = PdfReader(io.BytesIO(data))
    assert pages == len(reader.pages) and 8 <= pages <= 16
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [420, 595]
    sides = PdfReader(io.BytesIO(folded)).pages
    assert len(sides) == -(-pages // 4) * 2
    assert [round(float(v)) for v in sides[0].mediabox[2:]] == [842, 595]


def test_booklet_download_and_unknown_commune(demo, client):
    response = client.get("/parcours/livret/sergines.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert client.get("/parcours/livret/paris.pdf").status_code == 404


def test_the_booklet_is_built_once_by_the_worker_and_kept_for_every_node(demo, client, db):
    """Like every printed edition: built by the job worker (at once in tests) into the shared
    store, then served from it until the data changes."""
    from sqlalchemy import select

    from directory.printing.models import PrintedFile

    first = client.get("/parcours/livret/sergines.pdf")
    assert first.status_code == 200
    kept = db.session.scalars(select(PrintedFile).where(PrintedFile.kind == "livret")).all()
    assert [(f.name, f.data == first.data) for f in kept] == [("sergines:a4", True)]
    built_at = kept[0].built_at
    again = client.get("/parcours/livret/sergines.pdf")
    assert again.data == first.data
    db.session.expire_all()
    assert db.session.get(PrintedFile, kept[0].id).built_at == built_at  # not built again
