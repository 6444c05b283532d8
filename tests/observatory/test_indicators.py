"""The indicators page: a scenario over two quarters gives exactly the expected figures on the
page, in the CSV and XLSX files and in the PDF report; only the staff see them."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from markupsafe import escape
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.dates import PARIS
from directory.core.extensions import db as _db
from directory.observatory.models import CountKind, DailyCount, ReferralNeed, UnmetNeed
from directory.taxonomy.vocabularies import EventStatus, ModerationState
from tests.factories import (
    EventFactory,
    UserFactory,
    commune,
    organization,
    theme,
)

Q1 = "2026-T1"
Q2 = "2026-T2"


def at(y, m, d, hour=10):
    return datetime(y, m, d, hour, tzinfo=PARIS).astimezone(UTC)


@pytest.fixture
def scene(db):
    """The first half of 2026: a quarter, and the one before to compare with."""
    staff = UserFactory(role=Role.MODERATOR)
    # Directory: 2 listings new in Q1, 3 in Q2 (one in Sergines, for sport).
    for n in range(2):
        organization(f"Club ancien {n}", themes=["sport"], communes=["pont-sur-yonne"],
                     created_at=at(2026, 2, 10 + n), last_edited_at=at(2026, 2, 10 + n))
    for n in range(3):
        organization(f"Club nouveau {n}", themes=["sport"],
                     communes=["sergines" if n == 0 else "pont-sur-yonne"],
                     created_at=at(2026, 5, 10 + n), last_edited_at=at(2026, 5, 10 + n))
    host = organization("Comité des fêtes", communes=["sergines"], created_at=at(2025, 6, 1),
                        last_edited_at=at(2025, 6, 1))
    # Agenda: announced 2 in Q1 (one refused), 4 in Q2 (one cancelled, one refused).
    EventFactory(organization=host, created_at=at(2026, 1, 5), starts_at=at(2026, 1, 20),
                 ends_at=at(2026, 1, 20, 12), commune=commune("sergines"))
    EventFactory(organization=host, created_at=at(2026, 1, 6), starts_at=at(2026, 1, 21),
                 ends_at=at(2026, 1, 21, 12), moderation_state=ModerationState.REFUSED)
    for n, (state, status) in enumerate([
            (ModerationState.PUBLISHED, EventStatus.SCHEDULED),
            (ModerationState.PUBLISHED, EventStatus.SCHEDULED),
            (ModerationState.PUBLISHED, EventStatus.CANCELLED),
            (ModerationState.REFUSED, EventStatus.SCHEDULED)]):
        EventFactory(organization=host, created_at=at(2026, 4, 2 + n),
                     starts_at=at(2026, 5, 2 + n), ends_at=at(2026, 5, 2 + n, 12),
                     moderation_state=state, public_status=status,
                     commune=commune("sergines"))
    # Diffusion: counts as the counting stores them, per day.
    rows = [(date(2026, 2, 1), CountKind.PAGE, "annuaire", 40),
            (date(2026, 5, 1), CountKind.PAGE, "annuaire", 70),
            (date(2026, 6, 1), CountKind.PAGE, "agenda", 25),
            (date(2026, 5, 3), CountKind.DOWNLOAD, "annuaire", 4),
            (date(2026, 5, 3), CountKind.QR, "annuaire.fiche", 6),
            (date(2026, 5, 4), CountKind.QR, "agenda-2026-t2.evenement", 3),
            # Distinct subscribers of each day (counted from the day's hashes the next day).
            (date(2026, 5, 5), CountKind.SUBSCRIBERS, "*", 91),
            (date(2026, 5, 5), CountKind.SUBSCRIBERS, "/agenda.ics", 91),
            (date(2026, 5, 5), CountKind.FEED, "/agenda.ics", 400)]
    for day, kind, key, count in rows:
        db.session.add(DailyCount(day=day, kind=kind, key=key, count=count))
    # Needs: 1 in Q1, 2 in Q2 (sport, Sergines).
    sport = theme("sport")
    for created in (at(2026, 3, 1), at(2026, 4, 9), at(2026, 6, 9)):
        db.session.add(UnmetNeed(need="cours de natation adaptés", theme=sport,
                                 commune=commune("sergines"), created_at=created))
    db.session.add(ReferralNeed(month=date(2026, 5, 1), theme_id=sport.id,
                                commune_id=commune("sergines").id, count=5))
    db.session.commit()
    return staff


def cells(html: str, key: str, label: str) -> list[str]:
    """The values of a table row on the page, by the row's label."""
    table = re.search(rf'<table class="[^"]*" id="d-{key}">(.*?)</table>', html, re.S).group(1)
    label = re.escape(str(escape(label)))
    row = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', table, re.S)
    assert row, f"{label!r} not in {key}"
    return re.findall(r'<td class="num">([^<]*)</td>', row.group(1))


EXPECTED = {
    ("annuaire-chiffres", "Nouvelles fiches publiées"): ["3", "2", "hausse de 50 %"],
    ("annuaire-chiffres", "Fiches publiées (en fin de période)"): ["6", "3", "hausse de 100 %"],
    ("agenda-chiffres", "Événements annoncés"): ["4", "2", "hausse de 100 %"],
    ("agenda-chiffres", "… dont refusés"): ["1", "1", "stable"],
    ("agenda-chiffres", "… dont annulés"): ["1", "0", "nouveau"],
    ("agenda-communes", "Sergines"): ["3", "1"],
    ("diffusion-chiffres", "Pages vues"): ["95", "40", "hausse de 138 %"],
    ("diffusion-chiffres", "Codes QR des éditions imprimées scannés"): ["9", "0", "nouveau"],
    ("codes-qr", "Annuaire papier · Fiche d'une structure"): ["6", "0"],
    ("telechargements", "Annuaire papier"): ["4", "0"],
    # 91 subscribers one day of a 91-day quarter: 1 a day on average.
    ("diffusion-chiffres", "Abonnés aux flux d'agenda, en moyenne par jour"):
        ["1", "0", "nouveau"],
    ("abonnes", "/agenda.ics"): ["1", "0"],
    ("flux", "/agenda.ics"): ["400", "0"],
    ("besoins-chiffres", "Besoins non couverts signalés par les professionnels"):
        ["2", "1", "hausse de 100 %"],
    ("besoins-communes", "Sergines"): ["2", "1"],
    ("orientations-besoins", "Sport"): ["5", "0"],
}


def test_the_page_gives_the_expected_figures(client, login_as, scene):
    login_as(scene)
    page = client.get(f"/moderation/indicateurs?periode={Q2}")
    assert page.status_code == 200
    assert "2e trimestre 2026" in page.text and "1er trimestre 2026" in page.text
    for (key, label), values in EXPECTED.items():
        assert cells(page.text, key, label) == values, (key, label)
    assert '<svg class="chart" role="img"' in page.text  # charts drawn on the server
    assert "<script" not in page.text.split("<main", 1)[-1]



def test_each_table_as_csv_gives_the_same_figures(client, login_as, scene):
    login_as(scene)
    for (key, label), values in EXPECTED.items():
        response = client.get(f"/moderation/indicateurs/{key}.csv?periode={Q2}")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][1:3] == ["2e trimestre 2026", "1er trimestre 2026"]
        assert next(r[1:] for r in rows if r[0] == label) == values, (key, label)


def test_each_table_as_xlsx_gives_the_same_figures_as_numbers(client, login_as, scene):
    login_as(scene)
    response = client.get(f"/moderation/indicateurs/tout.xlsx?periode={Q2}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    try:
        for (key, label), values in EXPECTED.items():
            rows = list(book[key].iter_rows(values_only=True))
            row = next(r for r in rows if r[0] == label)
            expected = [int(v) if v.isdigit() else v for v in values]
            assert list(row[1:1 + len(values)]) == expected, (key, label)
    finally:
        book.close()
    one = client.get(f"/moderation/indicateurs/codes-qr.xlsx?periode={Q2}")
    book = load_workbook(io.BytesIO(one.data), read_only=True)
    try:
        assert book.sheetnames == ["codes-qr"]
    finally:
        book.close()


def test_the_pdf_report_prints_the_same_figures(client, login_as, scene):
    login_as(scene)
    response = client.get(f"/moderation/indicateurs/bilan.pdf?periode={Q2}")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Bilan des indicateurs" in flat and "2e trimestre 2026" in flat
    for (_key, label), values in EXPECTED.items():
        assert f"{label} {' '.join(values)}" in flat, label


def test_a_period_can_be_a_month_a_year_or_the_ctg(client, login_as, scene):
    login_as(scene)
    may = client.get("/moderation/indicateurs?periode=2026-05")
    assert "Mai 2026" in may.text and "Avril 2026" in may.text
    new = "Nouvelles fiches publiées"
    assert cells(may.text, "annuaire-chiffres", new) == ["3", "0", "nouveau"]
    year = client.get("/moderation/indicateurs?periode=2026")
    assert cells(year.text, "annuaire-chiffres", new) == ["5", "1", "hausse de 400 %"]
    ctg = client.get("/moderation/indicateurs?periode=ctg-1")
    assert "Année 1 de la CTG (2026)" in ctg.text
    assert cells(ctg.text, "annuaire-chiffres", "Nouvelles fiches publiées")[0] == "5"
    whole = client.get("/moderation/indicateurs?periode=ctg")
    assert "Toute la CTG (2026-2030)" in whole.text
    assert client.get("/moderation/indicateurs?periode=n-importe").status_code == 400


@pytest.mark.parametrize("path", [
    "/moderation/indicateurs", f"/moderation/indicateurs/annuaire-chiffres.csv?periode={Q2}",
    "/moderation/indicateurs/tout.xlsx", "/moderation/indicateurs/bilan.pdf"])
def test_only_the_staff_see_the_indicators(client, login_as, db, path):
    assert client.get(path).status_code in (302, 401)  # anonymous: sign in first
    login_as(UserFactory(role=Role.PROFESSIONAL))
    assert client.get(path).status_code == 403


def test_the_figures_are_reused_a_few_minutes_then_recomputed_on_demand(app, client, login_as,
                                                                         scene, monkeypatch):
    monkeypatch.setitem(app.config, "OBSERVATORY_REPORT_SECONDS", 300)
    login_as(scene)
    label = "Besoins non couverts signalés par les professionnels"
    page = client.get(f"/moderation/indicateurs?periode={Q2}")
    assert cells(page.text, "besoins-chiffres", label)[0] == "2"
    assert "Recalculer maintenant" in page.text
    _db.session.add(UnmetNeed(need="portage de repas", created_at=at(2026, 5, 20)))
    _db.session.commit()
    # The file downloaded after the page gives the page's figures…
    rows = list(csv.reader(io.StringIO(client.get(
        f"/moderation/indicateurs/besoins-chiffres.csv?periode={Q2}").data.decode("utf-8-sig")),
        delimiter=";"))
    assert next(r for r in rows if r[0] == label)[1] == "2"
    # …until the staff ask for the figures again.
    fresh = client.get(f"/moderation/indicateurs?periode={Q2}&recalculer=1")
    assert cells(fresh.text, "besoins-chiffres", label)[0] == "3"


def test_the_worker_keeps_the_current_figures_for_every_process(app, client, login_as, db,
                                                               monkeypatch):
    """The worker computes the current periods; a web process (here with its own copies
    forgotten) serves those, until they are older than the stored reports' lifetime."""
    from directory.observatory import jobs as observatory_jobs
    from directory.observatory.models import StoredReport

    monkeypatch.setitem(app.config, "OBSERVATORY_REPORT_SECONDS", 300)
    today = datetime.now(PARIS)
    quarter = f"{today.year}-T{(today.month - 1) // 3 + 1}"
    label = "Besoins non couverts signalés par les professionnels"
    _db.session.add(UnmetNeed(need="portage de repas", created_at=datetime.now(UTC)))
    _db.session.commit()
    observatory_jobs.refresh_reports()
    stored = {r.period for r in _db.session.scalars(select(StoredReport))}
    assert {quarter, str(today.year), f"{today.year}-{today.month:02d}"} <= stored
    # A need recorded after the worker's run is not counted yet…
    _db.session.add(UnmetNeed(need="aide aux devoirs", created_at=datetime.now(UTC)))
    _db.session.commit()
    app.extensions.pop("observatory_reports", None)
    login_as(UserFactory(role=Role.MODERATOR))
    page = client.get(f"/moderation/indicateurs?periode={quarter}")
    assert cells(page.text, "besoins-chiffres", label)[0] == "1"
    # …nor once this process forgets its copy, while the stored one is young…
    app.extensions.pop("observatory_reports", None)
    monkeypatch.setitem(app.config, "OBSERVATORY_STORED_REPORT_SECONDS", 3600)
    page = client.get(f"/moderation/indicateurs?periode={quarter}")
    assert cells(page.text, "besoins-chiffres", label)[0] == "1"
    # …and it is once the stored one is too old (or on « Recalculer maintenant »).
    app.extensions.pop("observatory_reports", None)
    monkeypatch.setitem(app.config, "OBSERVATORY_STORED_REPORT_SECONDS", 0)
    page = client.get(f"/moderation/indicateurs?periode={quarter}")
    assert cells(page.text, "besoins-chiffres", label)[0] == "2"
