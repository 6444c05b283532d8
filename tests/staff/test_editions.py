"""The edition editor: one form whose refusal keeps every row, with a summary at the top; the
deadline before the quarter; repeating events under their first date in the quarter; cancelled
events not ticked; the editorial's Markdown printed as such; a draft deleted."""

import io
import re
from datetime import date, time
from html import unescape

from docx import Document

from directory.agenda.recurrence import WEEKLY, build_rrule, series_end
from directory.core.extensions import db as _db
from directory.editions import operations as editions
from directory.editions.models import Edition, EditionItem
from directory.taxonomy.vocabularies import EventStatus
from tests.conftest import csrf_token
from tests.factories import EventFactory, OrganizationFactory, paris_time


def event(day: date, title: str, **kwargs):
    return EventFactory(title=title, starts_at=paris_time(day, 18, 0),
                        ends_at=paris_time(day, 20, 0), **kwargs)


def new_edition(staff, editorial=None, deadline=date(2026, 12, 1)):
    edition = editions.create(2027, 1, None, deadline, None, editorial, staff)
    _db.session.commit()
    return edition


def row(page: str, event_id: int) -> str:
    match = re.search(rf'<tr id="evenement-{event_id}".*?</tr>', page, re.S)
    assert match, event_id
    return match.group(0)


def test_an_error_on_one_row_keeps_every_row(staff_client, staff, db):
    org = OrganizationFactory(nom="Harmonie")
    concert = event(date(2027, 1, 16), "Concert d'hiver", organization=org)
    bal = event(date(2027, 2, 6), "Bal folk", organization=org)
    loto = event(date(2027, 3, 6), "Grand loto", organization=org)
    edition = new_edition(staff)
    path = f"/moderation/editions/{edition.id}"
    page = staff_client.get(path).text
    form = {"csrf_token": csrf_token(page),
            "events-shown": [str(concert.id), str(bal.id), str(loto.id)],
            # The ball left out, the loto highlighted with a short text, the concert too long.
            f"included-{concert.id}": "1", f"text-{concert.id}": "x" * 601,
            f"included-{loto.id}": "1", f"highlighted-{loto.id}": "1",
            f"text-{loto.id}": "Loto court."}
    refused = staff_client.post(f"{path}/evenements", data=form)
    assert refused.status_code == 422
    text = unescape(refused.text)
    assert "1 erreur à corriger" in text
    assert f'<a href="#evenement-{concert.id}">« Concert d\'hiver » : 600 caractères au plus.' \
        in text
    assert "checked" not in row(text, bal.id).split("Imprimer")[1].split(">")[0]
    loto_row = row(text, loto.id)
    assert "Loto court." in loto_row
    assert re.search(r'name="highlighted-\d+" value="1" aria-label="[^"]*" checked', loto_row)
    assert "x" * 601 in row(text, concert.id)
    # Nothing was saved.
    assert _db.session.query(EditionItem).count() == 0


def test_the_deadline_falls_before_the_quarter(staff_client, staff, db):
    page = staff_client.get("/moderation/editions/nouvelle").text
    data = {"csrf_token": csrf_token(page), "year": "2027", "quarter": "1",
            "submission_deadline": "2027-01-10", "reminders": "21, 7"}
    response = staff_client.post("/moderation/editions/nouvelle", data=data)
    assert response.status_code == 422
    assert "La date limite doit tomber avant le début du trimestre, le 1er janvier 2027" in \
        unescape(response.text)
    assert _db.session.query(Edition).count() == 0

    edition = new_edition(staff)
    path = f"/moderation/editions/{edition.id}"
    token = csrf_token(staff_client.get(path).text)
    response = staff_client.post(f"{path}/reglages", data={
        "csrf_token": token, "title": "", "submission_deadline": "2027-02-01",
        "reminders": "7"})
    assert response.status_code == 422
    text = unescape(response.text)
    assert "erreur à corriger" in text and "doit tomber avant le début du trimestre" in text
    _db.session.expire_all()
    assert edition.submission_deadline == date(2026, 12, 1)


def test_a_repeating_event_is_listed_under_its_first_date_in_the_quarter(staff_client, staff,
                                                                         db):
    org = OrganizationFactory(nom="Club de lecture")
    tricot = EventFactory(title="Atelier tricot", organization=org,
                          starts_at=paris_time(date(2026, 11, 3), 14, 0),
                          ends_at=paris_time(date(2026, 11, 3), 16, 0),
                          rrule=build_rrule(WEEKLY, date(2026, 11, 3), until=date(2027, 3, 30),
                                            start_time=time(14)))
    tricot.series_ends_at = series_end(tricot)
    concert = event(date(2027, 1, 4), "Concert du lundi", organization=org)
    edition = new_edition(staff)
    page = unescape(staff_client.get(f"/moderation/editions/{edition.id}").text)
    assert "5 janvier 2027 (rendez-vous régulier)" in row(page, tricot.id)
    assert "novembre 2026" not in row(page, tricot.id)
    # Ordered by that date: the concert of 4 January comes first.
    assert page.index(f'id="evenement-{concert.id}"') < page.index(f'id="evenement-{tricot.id}"')


def test_a_cancelled_event_is_not_ticked_and_stays_out(staff_client, staff, db):
    org = OrganizationFactory(nom="Comité des fêtes")
    cancelled = event(date(2027, 2, 20), "Spectacle annulé", organization=org,
                      public_status=EventStatus.CANCELLED)
    edition = new_edition(staff)
    path = f"/moderation/editions/{edition.id}"
    page = unescape(staff_client.get(path).text)
    cancelled_row = row(page, cancelled.id)
    assert "Annulé : non imprimé" in cancelled_row
    assert "checked" not in cancelled_row and "disabled" in cancelled_row
    response = staff_client.post(f"{path}/evenements", data={
        "csrf_token": csrf_token(page), "events-shown": [str(cancelled.id)]})
    assert response.status_code == 302
    assert "Spectacle annulé" not in staff_client.get(f"{path}/apercu").text


def test_the_editorial_markdown_prints_as_such(staff_client, staff, db):
    editorial = ("# Bonne année\n\nAu programme :\n- des concerts\n- du théâtre\n\n"
                 "## Merci\n1. aux bénévoles\n2. aux communes")
    edition = new_edition(staff, editorial)
    preview = staff_client.get(f"/moderation/editions/{edition.id}/apercu").text
    assert "<h3>Bonne année</h3>" in preview and "<h4>Merci</h4>" in preview
    assert "<ul>\n<li>des concerts</li>\n<li>du théâtre</li>\n</ul>" in unescape(preview)
    assert "<ol>\n<li>aux bénévoles</li>" in unescape(preview)
    docx = staff_client.get(f"/moderation/editions/{edition.id}/agenda.docx")
    paragraphs = [(p.style.name, p.text) for p in Document(io.BytesIO(docx.data)).paragraphs]
    assert ("Heading 2", "Bonne année") in paragraphs
    assert ("List Bullet", "des concerts") in paragraphs
    assert ("List Number", "aux bénévoles") in paragraphs


def test_a_draft_edition_can_be_deleted_a_finalised_one_cannot(staff_client, staff, db):
    org = OrganizationFactory(nom="Harmonie")
    concert = event(date(2027, 1, 16), "Concert d'hiver", organization=org)
    edition = new_edition(staff)
    editions.set_choices(edition, concert, included=True, highlighted=True,
                         print_description="Court.")
    _db.session.commit()
    path = f"/moderation/editions/{edition.id}"
    page = staff_client.get(path).text
    assert "Supprimer cette édition" in page
    response = staff_client.post(f"{path}/supprimer", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302 and response.location.endswith("/moderation/editions/")
    assert "L'édition « Janvier – mars 2027 » est supprimée." in unescape(
        staff_client.get(response.location).text)
    assert _db.session.query(Edition).count() == 0
    assert _db.session.query(EditionItem).count() == 0
    assert staff_client.get(path).status_code == 404

    final = new_edition(staff)
    final.state = "finalised"
    _db.session.commit()
    page = staff_client.get(f"/moderation/editions/{final.id}").text
    assert "Supprimer cette édition" not in page
    response = staff_client.post(f"/moderation/editions/{final.id}/supprimer",
                                 data={"csrf_token": csrf_token(page)})
    assert response.status_code == 409
    assert _db.session.query(Edition).count() == 1


def test_members_and_professionals_are_refused(refused_clients, staff, db):
    edition = new_edition(staff)
    for other in refused_clients:
        assert other.get(f"/moderation/editions/{edition.id}").status_code == 403
        token = csrf_token(other.get("/compte/").text)
        response = other.post(f"/moderation/editions/{edition.id}/supprimer",
                              data={"csrf_token": token})
        assert response.status_code == 403
    assert _db.session.query(Edition).count() == 1
