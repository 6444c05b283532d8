"""The quarterly agenda as printed: what is in the PDF, in which order, and what never is."""

import csv
import io
import multiprocessing
import re
import threading
from datetime import date, time, timedelta

import pytest
from docx import Document
from pypdf import PdfReader

from directory.accounts.models import Role
from directory.agenda.models import Event
from directory.agenda.recurrence import WEEKLY, build_rrule, series_end
from directory.core.extensions import db as _db
from directory.editions import layout as quarterly
from directory.editions import operations as editions
from directory.editions.models import Edition
from directory.printing import workers
from directory.taxonomy.vocabularies import EventStatus, Fees, ModerationState
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    PlaceFactory,
    UserFactory,
    commune,
    paris_time,
)

TERRITORY = "Communauté de communes Yonne Nord"
LONG_TEXT = ("Le grand loto annuel du comité, avec de nombreux lots à gagner : un vélo, des "
             "paniers garnis, des bons d'achat chez les commerçants du village. ") * 3


def timed(day: date, start: int, end: int, **kwargs) -> Event:
    return EventFactory(starts_at=paris_time(day, start, 0), ends_at=paris_time(day, end, 0),
                        **kwargs)


def quarter_scene():
    """Events around the first quarter of 2027, an edition for it, and the staff's choices."""
    harmonie = OrganizationFactory(nom="Harmonie de Sergines")
    lecture = OrganizationFactory(nom="Club de lecture de Michery")
    comite = OrganizationFactory(nom="Comité des fêtes de Villeblevin")
    s = type("Scene", (), {})()
    s.harmonie, s.lecture, s.comite = harmonie, lecture, comite
    s.concert = timed(date(2027, 1, 10), 15, 17, title="Concert du Nouvel An",
                      organization=harmonie, commune=commune("sergines"),
                      place=PlaceFactory(name="Église Saint-Martin", adresse="Place de l'Église",
                                         commune=commune("sergines")),
                      frais=Fees.PAID, price_details="8 €, gratuit pour les enfants",
                      description="Valses et polkas par l'harmonie au complet.")
    s.tricot = timed(date(2027, 1, 5), 14, 16, title="Atelier tricot", organization=lecture,
                     commune=commune("michery"), address="Bibliothèque, 2 rue des Écoles",
                     rrule=build_rrule(WEEKLY, date(2027, 1, 5), until=date(2027, 3, 30),
                                       start_time=time(14)))
    s.tricot.series_ends_at = series_end(s.tricot)
    s.loto = timed(date(2027, 2, 14), 14, 18, title="Grand loto", organization=comite,
                   commune=commune("villeblevin"), address="Salle polyvalente",
                   description=LONG_TEXT)
    s.bal = timed(date(2027, 3, 6), 20, 23, title="Bal masqué", organization=comite,
                  commune=commune("villeblevin"))
    s.expo = EventFactory(title="Exposition de peintures", organization=harmonie,
                          commune=commune("pont-sur-yonne"), start_date=date(2027, 3, 20),
                          end_date=date(2027, 3, 28))
    timed(date(2027, 2, 1), 18, 20, title="Réunion secrète", organization=lecture,
          moderation_state=ModerationState.DRAFT)
    timed(date(2027, 2, 2), 18, 20, title="Vide-grenier refusé", organization=comite,
          moderation_state=ModerationState.REFUSED)
    timed(date(2027, 1, 20), 18, 20, title="Spectacle annulé", organization=comite,
          public_status=EventStatus.CANCELLED)
    timed(date(2027, 4, 10), 10, 12, title="Fête du printemps", organization=comite)
    timed(date(2026, 12, 20), 10, 12, title="Marché de Noël", organization=comite)
    s.staff = UserFactory(role=Role.MODERATOR, email="agent@cc-yonne-nord.fr")
    s.edition = editions.create(2027, 1, None, date(2026, 12, 1), None,
                                "Bonne année à toutes et à tous !", s.staff)
    editions.set_choices(s.edition, s.bal, included=False, highlighted=False,
                         print_description=None)
    editions.set_choices(s.edition, s.loto, included=True, highlighted=True,
                         print_description="Le loto du comité : un vélo à gagner.")
    _db.session.commit()
    return s


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, lines kept, spaces (and words cut by a line end) made single."""
    return [re.sub(r"[ \t\u00a0\u2060]+", " ", page.extract_text())
            for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def in_order(text: str, *parts: str) -> bool:
    positions = [text.find(p) for p in parts]
    return -1 not in positions and positions == sorted(positions)


@pytest.fixture
def scene(app, db):
    with app.test_request_context():
        yield quarter_scene()


def test_the_pdf_lists_the_quarter_by_month_and_day_with_indexes(scene):
    pages = pdf_pages(editions.pdf(scene.edition))
    text = "\n".join(pages)
    listing, indexes = text.split("Index par commune", 1)
    listing = listing[listing.index("Janvier 2027"):]  # after the cover, on the first page

    # The cover: title, editorial, the highlighted events, how to read the agenda; the first
    # month's events follow it on the same page.
    cover = flat(pages[0]).split("Janvier 2027", 1)[0]
    assert in_order(cover, "Agenda du territoire", "Éditorial",
                    "Bonne année à toutes et à tous !", "À la une ce trimestre",
                    "Dimanche 14 février, 14 h – 18 h · Grand loto · Villeblevin", "code QR")
    assert "Concert du Nouvel An" not in cover
    assert in_order(flat(listing), "Janvier 2027", "Dimanche 10 janvier",
                    "Concert du Nouvel An", "Février 2027", "Dimanche 14 février", "Grand loto",
                    "Mars 2027", "Samedi 20 mars", "Exposition de peintures",
                    "Rendez-vous réguliers", "Michery", "Atelier tricot")
    # Time, commune, place, organiser, price.
    assert "15 h – 17 h" in listing and "Église Saint-Martin" in listing
    assert "Harmonie de Sergines · 8 €, gratuit pour les enfants" in flat(listing)
    assert "Jusqu'au 27 mars" in listing
    # The short print text replaces the online description; the online event is untouched.
    assert "Le loto du comité : un vélo à gagner." in listing
    assert "paniers garnis" not in text
    assert _db.session.get(Event, scene.loto.id).description == LONG_TEXT
    # A repeating event once, with its dates summed up.
    assert listing.count("Atelier tricot") == 1
    assert "tous les mardis du 5 janvier au 30 mars, 14 h – 16 h" in flat(listing)
    # Left out, unpublished, refused, cancelled, other quarters: nowhere.
    for title in ("Bal masqué", "Réunion secrète", "Vide-grenier refusé", "Spectacle annulé",
                  "Fête du printemps", "Marché de Noël"):
        assert title not in text

    # Indexes by commune and by organiser, each entry with the page where the event stands.
    by_commune, by_organiser = (flat(t) for t in indexes.split("Index par organisateur", 1))
    assert in_order(by_commune, "Michery", "Atelier tricot", "Pont-sur-Yonne",
                    "Exposition de peintures", "Sergines", "Concert du Nouvel An",
                    "Villeblevin", "Grand loto")
    assert in_order(by_organiser, "Club de lecture de Michery", "Atelier tricot",
                    "Comité des fêtes de Villeblevin", "Grand loto", "Harmonie de Sergines",
                    "Concert du Nouvel An", "Exposition de peintures")
    concert_page = next(n for n, page in enumerate(pages, 1) if "Concert du Nouvel An" in page)
    for index in (by_commune, by_organiser):
        assert re.search(r"Concert du Nouvel An \(p\. (\d+)\)", index).group(1) == str(
            concert_page)

    # Territory, quarter and page number on every page.
    for number, page in enumerate(pages, 1):
        assert TERRITORY in page and "Janvier – mars 2027" in page
        assert f"page {number} / {len(pages)}" in page

    # Bookmarks in the reader's side panel: the months, the regular events, the indexes.
    reader = PdfReader(io.BytesIO(editions.pdf(scene.edition)))
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    # January starts under the cover, on the first page.
    assert outline == [
        ("Janvier 2027", 0), ("Février 2027", 0), ("Mars 2027", 1),
        ("Rendez-vous réguliers", 1), ("Index par commune", 2), ("Index par organisateur", 2)]
    assert reader.metadata.title == "Agenda du territoire – Janvier – mars 2027"


def test_the_first_page_is_not_a_mostly_empty_cover(scene):
    from tests.printing.pdftext import first_page_fill

    for size in ("a4", "a5"):
        data = editions.pdf(scene.edition, size)
        spread, chars = first_page_fill(data)
        assert spread > 0.75 and chars > 0.5, (size, spread, chars)
        first = flat(pdf_pages(data)[0])
        assert in_order(first, "Agenda du territoire", "À la une ce trimestre", "Janvier 2027",
                        "Concert du Nouvel An")


def test_an_edition_without_events_prints_its_cover_saying_so(app, db):
    with app.test_request_context():
        staff = UserFactory(role=Role.MODERATOR)
        edition = editions.create(2031, 2, None, date(2031, 3, 1), None, "Un trimestre calme.",
                                  staff)
        _db.session.commit()
        pages = pdf_pages(editions.pdf(edition))
    assert len(pages) == 1
    assert "Avril – juin 2031" in pages[0] and "page 1 / 1" in pages[0]
    assert in_order(flat(pages[0]), "Agenda du territoire", "Un trimestre calme.",
                    "Aucun rendez-vous dans cette édition.")
    assert "Index" not in pages[0] and "code QR" not in pages[0]


def test_html_preview_is_the_printed_page_with_a_qr_code_per_event(scene):
    content = editions.content(scene.edition)
    page = quarterly.render_html(content)
    assert len(re.findall(r'<img class="q-event__qr" id="ev-\d+" src="data:image/png;base64,',
                          page)) == 4
    assert len(content["entries"]) == 4
    highlighted = page[page.index(f'id="ev-{scene.loto.id}"') - 60:]
    assert "q-event--highlight" in highlighted[:80]
    urls = {e["title"]: e["url"] for e in content["entries"]}
    assert urls["Grand loto"] == f"http://localhost/agenda/evenements/{scene.loto.id}"


def test_a5_has_a5_pages_and_the_booklet_puts_them_two_by_two_on_a4(scene):
    a5 = PdfReader(io.BytesIO(editions.pdf(scene.edition, "a5")))
    width, height = (float(v) for v in a5.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (420, 595)
    text = "\n".join(p.extract_text() for p in a5.pages)
    assert "Concert du Nouvel An" in text and "Bal masqué" not in text
    assert "page 1 / " in a5.pages[0].extract_text()

    booklet = PdfReader(io.BytesIO(editions.pdf(scene.edition, "livret")))
    width, height = (float(v) for v in booklet.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)
    assert len(booklet.pages) == 2 * -(-len(a5.pages) // 4)
    # The outer side of the outer sheet: the back cover (last page or blank) and the cover.
    assert "Agenda du territoire" in booklet.pages[0].extract_text()
    assert "Concert du Nouvel An" in "\n".join(p.extract_text() for p in booklet.pages)


def busy_quarter(count: int) -> Edition:
    """`count` events with long texts over the quarter: months run over several sheets."""
    clubs = [OrganizationFactory(nom=f"Club {letter}") for letter in "ABCD"]
    places = [commune(slug) for slug in ("sergines", "michery", "villeblevin")]
    for n in range(count):
        day = date(2027, 1, 2) + timedelta(days=n * 88 // count)
        timed(day, 9 + n % 10, 11 + n % 10, title=f"Rencontre {n:02d} du trimestre",
              organization=clubs[n % 4], commune=places[n % 3], description=LONG_TEXT)
    staff = UserFactory(role=Role.MODERATOR)
    edition = editions.create(2027, 1, None, date(2026, 12, 1), None, "", staff)
    _db.session.commit()
    return edition


def test_index_pages_are_where_each_event_is_printed_on_a_long_edition(app, db):
    with app.test_request_context():
        edition = busy_quarter(45)
        data = editions.pdf(edition)
    pages = [flat(page) for page in pdf_pages(data)]
    assert len(pages) > 5
    listing_end = next(n for n, page in enumerate(pages) if "Index par commune" in page)
    index = " ".join(pages[listing_end:])
    for n in range(45):
        title = f"Rencontre {n:02d} du trimestre"
        printed_on = [number for number, page in enumerate(pages[:listing_end], 1)
                      if title in page]
        assert len(printed_on) == 1, title
        # Both indexes send the reader to that page.
        assert index.count(f"{title} (p. {printed_on[0]})") == 2, title
    # Dates in order through the columns and sheets.
    listing = " ".join(pages[:listing_end])
    assert in_order(listing, *(f"Rencontre {n:02d} du trimestre" for n in range(45)))
    assert in_order(listing, "Janvier 2027", "Février 2027", "Mars 2027")


@pytest.mark.slow
def test_the_pool_and_a_single_process_print_the_same_and_a_dead_worker_is_survived(
        app, db, caplog):
    with app.test_request_context():
        content = editions.content(busy_quarter(12))
        alone = pdf_pages(quarterly.render_edition_pdf(content, workers=1))
        pooled = pdf_pages(quarterly.render_edition_pdf(content, workers=2))
        assert pooled == alone
        # A worker killed (out of memory, an operator): the next build still answers.
        pool = multiprocessing.active_children()
        assert pool
        for child in pool:
            child.kill()
            child.join()
        assert pdf_pages(quarterly.render_edition_pdf(content, workers=2)) == alone
        assert "rendering in process" in caplog.text
        assert pdf_pages(quarterly.render_edition_pdf(content, workers=2)) == alone
    workers.shutdown()


def test_a_finalised_edition_does_not_change_with_the_events(scene):
    edition = editions.finalise(scene.edition, scene.staff)
    _db.session.commit()
    stored = edition.pdf
    scene.concert.title = "Concert annulé puis renommé"
    EventFactory(title="Nouveauté de dernière minute", organization=scene.harmonie,
                 starts_at=paris_time(date(2027, 2, 20), 10, 0),
                 ends_at=paris_time(date(2027, 2, 20), 12, 0))
    _db.session.commit()
    _db.session.expire_all()
    edition = _db.session.get(Edition, edition.id)
    assert editions.pdf(edition) == stored
    text = "\n".join(pdf_pages(stored))
    assert "Concert du Nouvel An" in text and "renommé" not in text
    a5 = "\n".join(pdf_pages(editions.pdf(edition, "a5")))
    assert "Concert du Nouvel An" in a5 and "Nouveauté" not in a5
    with pytest.raises(editions.EditionFinalised):
        editions.set_choices(edition, scene.concert, included=False, highlighted=False,
                             print_description=None)


def test_events_published_later_join_a_draft_edition(scene):
    late = timed(date(2027, 3, 1), 10, 12, title="Nouveauté de dernière minute",
                 organization=scene.lecture)
    _db.session.commit()
    titles = [e["title"] for e in editions.content(scene.edition)["entries"]]
    assert "Nouveauté de dernière minute" in titles
    assert late.id in {e.id for e, item in editions.entries(scene.edition) if item is None}


def test_docx_and_csv_hold_the_same_events(scene):
    content = editions.content(scene.edition)
    document = Document(io.BytesIO(quarterly.render_docx(content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert in_order(text, "Bonne année", "Janvier 2027", "Concert du Nouvel An", "Février 2027",
                    "Grand loto", "Rendez-vous réguliers", "Atelier tricot")
    assert "tous les mardis du 5 janvier au 30 mars" in text and "Bal masqué" not in text

    body = quarterly.render_csv(content)
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))
    assert list(rows[0]) == quarterly.CSV_COLUMNS
    assert [r["titre"] for r in rows] == ["Concert du Nouvel An", "Grand loto",
                                          "Exposition de peintures", "Atelier tricot"]
    loto = rows[1]
    assert (loto["date"], loto["horaire"], loto["commune"], loto["mis_en_avant"]) == (
        "2027-02-14", "14 h – 18 h", "Villeblevin", "oui")
    assert loto["texte"] == "Le loto du comité : un vélo à gagner."
    assert rows[3]["rubrique"] == "Rendez-vous réguliers"
    assert rows[3]["dates"] == "tous les mardis du 5 janvier au 30 mars"


def test_csv_cells_cannot_run_as_formulas(scene):
    scene.concert.title = "=HYPERLINK(\"http://evil\")"
    _db.session.commit()
    body = quarterly.render_csv(editions.content(scene.edition))
    assert "'=HYPERLINK" in body


def test_exceptions_of_a_series_are_told(scene):
    scene.tricot.exdates = ["2027-02-16"]
    scene.tricot.rdates = ["2027-04-01T14:00:00+02:00"]  # outside the quarter: not printed
    _db.session.commit()
    entry = next(e for e in editions.content(scene.edition)["entries"]
                 if e["title"] == "Atelier tricot")
    assert entry["summary"] == "tous les mardis du 5 janvier au 30 mars, sauf le 16 février"


@pytest.mark.slow
def test_with_other_threads_running_the_workers_come_from_a_forkserver(app, db):
    """A threaded web server must not fork itself: the pool then starts from a clean process."""
    with app.test_request_context():
        content = editions.content(busy_quarter(6))
        alone = pdf_pages(quarterly.render_edition_pdf(content, workers=1))
        workers.shutdown()
        stop = threading.Event()
        server = threading.Thread(target=stop.wait)
        server.start()
        try:
            assert pdf_pages(quarterly.render_edition_pdf(content, workers=2)) == alone
            assert workers.start_method() == "forkserver"
        finally:
            stop.set()
            server.join()
            workers.shutdown()
        # Alone again (unless another test left a server thread running): forked at once.
        single = threading.active_count() == 1
        assert pdf_pages(quarterly.render_edition_pdf(content, workers=2)) == alone
        assert workers.start_method() == ("fork" if single else "forkserver")
    workers.shutdown()
