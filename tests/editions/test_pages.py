"""The staff's pages for the quarterly agenda, its downloads, and the deadline reminders."""

import csv
import io
import re
from datetime import date, datetime, timedelta

from docx import Document
from pypdf import PdfReader

from directory.accounts.models import Role
from directory.agenda.models import Event
from directory.core.dates import PARIS
from directory.core.extensions import db as _db
from directory.editions import operations as editions
from directory.editions.models import Edition, EditionReminder
from tests.conftest import csrf_token, sign_in
from tests.factories import EventFactory, OrganizationFactory, UserFactory, member_of, paris_time
from tests.mailserver import link_in, text_of


def staff():
    return UserFactory(role=Role.MODERATOR, email="agent@cc-yonne-nord.fr")


def event(day: date, title: str, **kwargs) -> Event:
    return EventFactory(title=title, starts_at=paris_time(day, 18, 0),
                        ends_at=paris_time(day, 20, 0), **kwargs)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_staff_prepare_preview_download_and_finalise_an_edition(app, client, db):
    org = OrganizationFactory(nom="Harmonie de Sergines")
    concert = event(date(2027, 1, 16), "Concert d'hiver", organization=org,
                    description="Un très long texte en ligne sur le concert d'hiver.")
    bal = event(date(2027, 2, 6), "Bal folk", organization=org)
    event(date(2027, 3, 13), "Conférence sur les abeilles", organization=org)
    sign_in(client, staff())

    page = client.get("/moderation/editions/nouvelle")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.text), "year": "2027", "quarter": "1",
            "submission_deadline": "2026-12-01", "reminders": "21, 7",
            "editorial": "Le mot du président."}
    response = client.post("/moderation/editions/nouvelle", data=data)
    assert response.status_code == 302
    edition = _db.session.query(Edition).one()
    assert edition.title == "Janvier – mars 2027" and edition.reminder_days == [21, 7]
    # The same quarter twice: refused next to the field, what was typed kept.
    again = client.post("/moderation/editions/nouvelle", data=data)
    assert again.status_code == 422
    assert "Une édition existe déjà pour ce trimestre." in again.text
    assert "Le mot du président." in again.text

    editor = client.get(response.location)
    assert editor.status_code == 200
    assert all(t in editor.text for t in ("Concert d&#39;hiver", "Bal folk", "Conférence"))
    # Leave the ball out, highlight the concert with a short print text.
    form = {"csrf_token": csrf_token(editor.text), "events-shown": [
        str(concert.id), str(bal.id)], f"included-{concert.id}": "1",
        f"highlighted-{concert.id}": "1", f"text-{concert.id}": "Concert court."}
    too_long = {**form, f"text-{concert.id}": "x" * 601}
    refused = client.post(f"/moderation/editions/{edition.id}/evenements", data=too_long)
    assert refused.status_code == 422 and "600 caractères au plus." in refused.text
    assert client.post(f"/moderation/editions/{edition.id}/evenements",
                       data=form).status_code == 302
    assert _db.session.get(Event, concert.id).description.startswith("Un très long texte")

    preview = client.get(f"/moderation/editions/{edition.id}/apercu")
    assert preview.status_code == 200
    assert "Concert court." in preview.text and "Bal folk" not in preview.text
    assert "q-event--highlight" in preview.text and "Le mot du président." in preview.text

    a4 = client.get(f"/moderation/editions/{edition.id}/a4.pdf")
    assert a4.mimetype == "application/pdf"
    assert 'filename="agenda-2027-t1-a4.pdf"' in a4.headers["Content-Disposition"]
    text = pdf_text(a4.data)
    assert re.search(r"Concert d.hiver.*Concert court\..*Conférence sur les abeilles", text)
    assert "Bal folk" not in text and "Un très long texte" not in text
    a5 = client.get(f"/moderation/editions/{edition.id}/a5.pdf")
    width, height = PdfReader(io.BytesIO(a5.data)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (420, 595)

    docx = client.get(f"/moderation/editions/{edition.id}/agenda.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    assert "Concert d'hiver" in " ".join(paragraphs) and "Bal folk" not in " ".join(paragraphs)
    table = client.get(f"/moderation/editions/{edition.id}/agenda.csv")
    rows = list(csv.DictReader(io.StringIO(table.data.decode("utf-8-sig")), delimiter=";"))
    assert [r["titre"] for r in rows] == ["Concert d'hiver", "Conférence sur les abeilles"]
    assert rows[0]["horaire"] == "18 h – 20 h" and rows[0]["mis_en_avant"] == "oui"

    # Finalising asks for a confirmation.
    editor = client.get(f"/moderation/editions/{edition.id}")
    token = csrf_token(editor.text)
    unconfirmed = client.post(f"/moderation/editions/{edition.id}/finaliser",
                              data={"csrf_token": token})
    assert unconfirmed.status_code == 422 and "Cochez la case pour confirmer." in unconfirmed.text
    done = client.post(f"/moderation/editions/{edition.id}/finaliser",
                       data={"csrf_token": token, "confirm": "y"})
    assert done.status_code == 302
    finalised = client.get(f"/moderation/editions/{edition.id}/a4.pdf").data

    # Later changes to the events do not alter the printed edition.
    concert = _db.session.get(Event, concert.id)
    concert.title = "Concert déplacé"
    event(date(2027, 2, 20), "Nouveau venu", organization=org)
    _db.session.commit()
    assert client.get(f"/moderation/editions/{edition.id}/a4.pdf").data == finalised
    assert "Nouveau venu" not in client.get(f"/moderation/editions/{edition.id}/agenda.csv").text
    assert "Concert déplacé" not in client.get(f"/moderation/editions/{edition.id}/apercu").text
    assert client.post(f"/moderation/editions/{edition.id}/evenements",
                       data=form).status_code == 409

    # Past editions stay listed with their PDFs; the printed PDF is public.
    listing = client.get("/moderation/editions/").text
    assert "Janvier – mars 2027" in listing and "Finalisée" in listing
    public = app.test_client().get("/editions/agenda/2027-t1.pdf")
    assert public.status_code == 200 and public.data == finalised


def test_editions_pages_are_for_the_staff_only(app, client, db):
    org = OrganizationFactory()
    edition = editions.create(2027, 2, None, date(2027, 3, 1), [7], None, staff())
    member = member_of(org)
    _db.session.commit()
    assert app.test_client().get("/moderation/editions/").status_code == 302
    sign_in(client, member)
    for path in ("/moderation/editions/", f"/moderation/editions/{edition.id}",
                 f"/moderation/editions/{edition.id}/apercu",
                 f"/moderation/editions/{edition.id}/a4.pdf",
                 f"/moderation/editions/{edition.id}/agenda.csv"):
        assert client.get(path).status_code == 403, path
    # A draft is not public.
    assert client.get("/editions/agenda/2027-t2.pdf").status_code == 404


def run(runner, now: datetime) -> str:
    result = runner.invoke(args=["editions", "send-reminders", "--now",
                                 now.strftime("%Y-%m-%dT%H:%M:%S%z")])
    assert result.exit_code == 0, result.output
    return result.output


def test_organisations_with_a_member_are_reminded_once_per_reminder(app, runner, db, mailbox):
    chorale = OrganizationFactory(nom="Chorale de Michery", courriel="chorale@exemple.fr")
    member_of(chorale, user=UserFactory(email="cheffe@chorale.fr"))
    OrganizationFactory(nom="Sans membre", courriel="seul@exemple.fr")
    editions.create(2027, 1, None, date(2026, 12, 1), [21, 7], None, staff())
    _db.session.commit()

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 8, 0, tzinfo=PARIS)

    assert "0 rappel(s)" in run(runner, at(date(2026, 11, 1)))  # too early
    assert mailbox.messages == []
    assert "1 rappel(s)" in run(runner, at(date(2026, 11, 10)))
    assert "0 rappel(s)" in run(runner, at(date(2026, 11, 10)) + timedelta(hours=2))
    assert sorted(m["To"] for m in mailbox.messages) == ["cheffe@chorale.fr",
                                                          "chorale@exemple.fr"]
    mail = mailbox.last("cheffe@chorale.fr")
    assert "Janvier – mars 2027" in mail["Subject"] and "1er décembre" in mail["Subject"]
    assert "Chorale de Michery" in text_of(mail)
    assert link_in(mail, "/")

    mailbox.clear()
    assert "1 rappel(s)" in run(runner, at(date(2026, 11, 25)))  # 7 days before
    assert "0 rappel(s)" in run(runner, at(date(2026, 11, 26)))
    assert "0 rappel(s)" in run(runner, at(date(2026, 12, 2)))  # after the deadline
    assert len(mailbox.to("cheffe@chorale.fr")) == 1
    assert "Rappel" in text_of(mailbox.last("cheffe@chorale.fr"))
    assert _db.session.query(EditionReminder).count() == 2
