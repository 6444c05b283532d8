"""The paper directory: by theme, indexes with page numbers, public information only."""

import re

from huey.storage import MemoryStorage
from sqlalchemy import select

from directory.accounts.models import Role
from directory.core import jobs
from directory.core.dates import date_fr, today_paris
from directory.core.extensions import db
from directory.printing.models import PrintedFile
from directory.taxonomy.models import Commune
from tests.factories import OrganizationFactory, UserFactory, theme
from tests.printing.pdftext import assert_no_secret, in_order, pdf_pages


def download(client, path="/editions/annuaire.pdf"):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.mimetype == "application/pdf"
    return pdf_pages(response.data)


def page_of(pages: list[str], needle: str, start: int = 1) -> int:
    """1-based number of the first page (from `start`) whose text holds `needle`."""
    for number, text in enumerate(pages, start=1):
        if number >= start and needle in text:
            return number
    raise AssertionError(f"{needle!r} not found")


def test_cover_dates_the_data_and_every_page_is_numbered(client, scene):
    pages = download(client)
    assert "Annuaire des associations et des services" in pages[0]
    assert f"Données à jour au {date_fr(today_paris())}" in pages[0]
    assert "page 1 /" not in pages[0]  # the cover carries no number
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"page {number} / {total}" in text
        assert "Communauté de communes Yonne Nord" in text


def test_listings_grouped_by_parent_theme_then_theme(client, scene):
    pages = download(client)
    body = "\n".join(pages[2:])  # after the cover and the table of contents
    # Taxonomy order: Sport, Culture, ... Enfance, ... Autonomie, Accès aux droits.
    assert in_order(
        body,
        "Sport › Arts martiaux et sports de combat",
        "Judo Club de Sergines",
        "Culture › Musique et chant",
        "Éveil musical du Nord",
        "Autonomie, seniors et handicap › Maintien à domicile",
        "Amicale des seniors",
        "Accès aux droits › Démarches administratives",
        "France Services Yonne Nord",
        "Autres structures",
        "Zèbre sans thème",
        "Index des associations et structures",
    )


def test_listing_shows_public_contacts_hours_communes_and_activities(client, scene):
    pages = download(client)
    flat = pages[page_of(pages, "Judo et jujitsu dès 4 ans.") - 1]
    for expected in (
        "Dojo, 2 rue du Stade, 89140 Sergines",
        "Tél. 03 86 11 22 33",
        "Président",
        "06 12 34 56 78",
        "president.judo@exemple.org",
        "Mercredi 14 h – 18 h",
        "Communes : Sergines",
        "Baby judo",
        "Samedi 10 h – 11 h",
    ):
        assert expected in flat, expected


def test_second_theme_refers_to_the_page_of_the_listing(client, scene):
    pages = download(client)
    judo_page = page_of(pages, "Judo et jujitsu dès 4 ans.")
    group = page_of(pages, "Enfance, jeunesse et famille › Accueil de loisirs", start=3)
    assert f"Voir aussi : Judo Club de Sergines (p. {judo_page})" in pages[group - 1]


def test_index_of_listings_is_alphabetical_with_their_pages(client, scene):
    pages = download(client)
    start = page_of(pages, "Index des associations et structures", start=3)
    index = "\n".join(pages[start - 1 : page_of(pages, "Index des communes", start=start)])
    names = [
        "Amicale des seniors",
        "Éveil musical du Nord",
        "France Services Yonne Nord",
        "Judo Club de Sergines",
        "Zèbre sans thème",
    ]
    assert in_order(index, *names)
    for name in names:
        match = re.search(re.escape(name) + r"[ .]*(\d+)", index)
        assert match, name
        assert int(match.group(1)) == page_of(pages, name, start=3), name


def test_index_of_communes_lists_who_is_there(client, scene):
    pages = download(client)
    start = page_of(pages, "Index des communes", start=3)
    index = "\n".join(pages[start - 1 :])
    # Every commune of the territory, in order; Sergines lists its club and the permanence.
    assert in_order(index, "Champigny", "Pont-sur-Yonne", "Sergines", "Villeneuve-la-Guyard")
    sergines = index[index.index("Sergines (89140)") : index.index("Thorigny-sur-Oreuse")]
    assert in_order(sergines, "Sergines", "France Services Yonne Nord", "Judo Club de Sergines")
    match = re.search(r"Judo Club de Sergines[ .]*(\d+)", sergines)
    assert int(match.group(1)) == page_of(pages, "Judo et jujitsu dès 4 ans.")
    assert "Aucune structure recensée" in index  # communes nobody serves yet


def test_nothing_unpublished_archived_or_for_professionals_only(client, scene):
    assert_no_secret(download(client))


def builds(kind="annuaire") -> list[PrintedFile]:
    db.session.expire_all()
    return list(db.session.scalars(select(PrintedFile).where(PrintedFile.kind == kind)))


def test_pdf_is_kept_in_the_database_and_rebuilt_by_the_queue_after_a_change(
        client, app, login_as, scene):
    first = client.get("/editions/annuaire.pdf").data
    (build,) = builds()
    assert build.data == first and not build.building
    assert client.get("/editions/annuaire.pdf").data == first  # served as kept

    scene.judo.nom = "Judo Club du Nord de l'Yonne"
    db.session.commit()
    # A visitor gets the previous build at once (it prints the date of its data), and the
    # change queues a rebuild, for the worker.
    jobs.queue.immediate = False
    jobs.queue.storage = MemoryStorage("tests")
    try:
        assert client.get("/editions/annuaire.pdf").data == first
        jobs.queue.execute(jobs.queue.dequeue())
    finally:
        jobs.configure(app)
    (build,) = builds()  # only the newest build is kept
    text = "\n".join(pdf_pages(build.data))
    assert "Judo Club du Nord de l'Yonne" in text and "Judo Club de Sergines" not in text
    # ...which the next visitor gets; staff get it too, not kept by their browser.
    assert app.test_client().get("/editions/annuaire.pdf").data == build.data
    login_as(UserFactory(role=Role.MODERATOR))
    response = client.get("/editions/annuaire.pdf")
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data == build.data


def test_a_first_build_is_never_waited_for(client, app, login_as, scene):
    jobs.queue.immediate = False  # a real queue: the worker is busy elsewhere
    jobs.queue.storage = MemoryStorage("tests")
    try:
        response = client.get("/editions/annuaire.pdf")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "20"
        assert "annuaire papier : en préparation" in response.text
        assert 'http-equiv="refresh"' in response.text
        client.get("/editions/annuaire.pdf")
        (task,) = jobs.queue.pending()  # asked twice, queued once
        assert task.name == "build_printed"
        login_as(UserFactory(role=Role.MODERATOR))
        staff = client.get("/editions/annuaire.pdf")
        assert staff.status_code == 202
        assert "en attente du processus des travaux" in staff.text
        jobs.queue.execute(jobs.queue.dequeue())  # the worker
        staff = client.get("/editions/annuaire.pdf")
        assert staff.status_code == 200 and staff.mimetype == "application/pdf"
        assert "Judo Club de Sergines" in "\n".join(pdf_pages(staff.data))
    finally:
        jobs.configure(app)


def test_classification_change_alone_makes_the_pdf_out_of_date(client, app, scene):
    from directory.printing import catalog

    with app.test_request_context():
        before = catalog.data_version()
        scene.zebre.themes.append(theme("jardinage-et-nature"))
        db.session.commit()
        assert catalog.data_version() != before
    body = "\n".join(download(client))  # no earlier build: built for this visitor
    assert in_order(body, "Loisirs et vie locale › Jardinage et nature", "Zèbre sans thème")
    assert "Autres structures" not in body


def test_cron_command_builds_every_edition_for_the_public_address(runner, app, client, scene):
    tests_address = app.config.pop("PUBLIC_URL")
    assert runner.invoke(args=["printing", "build"]).exit_code != 0  # no address: no QR codes
    app.config["PUBLIC_URL"] = "https://annuaire.exemple.fr"
    try:
        result = runner.invoke(args=["printing", "build"])
        (build,) = builds()
        assert client.get("/editions/annuaire.pdf").data == build.data  # the cron's build
    finally:
        app.config["PUBLIC_URL"] = tests_address
    assert result.exit_code == 0, result.output
    assert "éditions à jour" in result.output
    assert len(builds("guide")) == 6
    assert [b.name for b in builds("affiche")].count("sergines") == 1


def test_empty_directory_still_prints(client, db):
    pages = download(client)
    assert "0 structures" in pages[0]


def test_structure_acting_everywhere_is_indexed_once_for_the_territory(client, scene):
    communes = list(db.session.scalars(db.select(Commune).where(Commune.in_territory.is_(True))))
    OrganizationFactory(nom="Mission Locale du Nord", communes=communes)
    db.session.commit()
    pages = download(client)
    index = "\n".join(pages[page_of(pages, "Index des communes", start=3) - 1 :])
    assert in_order(index, "Dans tout le territoire", "Mission Locale du Nord", "Champigny")
    assert index.count("Mission Locale du Nord") == 1


def test_each_listing_carries_a_qr_code_of_its_absolute_url_tagged_with_the_edition(app, scene):
    from directory.printing import paper as editions
    from directory.printing.qr import qr_svg

    with app.test_request_context():
        html = editions.directory_html()
    assert html.count('class="qr"') == 5 + 1  # the listings, and the site on the cover
    # Scans are counted per edition and page area (the page then drops the tag).
    assert str(qr_svg("http://localhost/annuaire/judo-club-de-sergines?qr=annuaire.fiche")) in html
    assert str(qr_svg("http://localhost/?qr=annuaire.couverture")) in html


def test_staff_see_the_state_of_the_builds(client, app, login_as, scene):
    client.get("/editions/annuaire.pdf")
    assert "État des constructions" not in client.get("/editions").text  # visitors: not theirs
    login_as(UserFactory(role=Role.MODERATOR))
    page = client.get("/editions").text
    assert "État des constructions" in page
    assert "annuaire" in page and "Terminée" in page


def test_volunteer_missions_have_their_section_and_each_listing_names_its_own(client, scene):
    from datetime import timedelta

    from tests.volunteering.factories import mission

    mission("Encadrer le baby judo", organization=scene.judo, place="Dojo",
            skills="Aimer les enfants", contact_email="secret.benevolat@exemple.org",
            ends_on=today_paris() + timedelta(days=90))
    mission("Mission terminée", organization=scene.judo, ends_on=today_paris() - timedelta(1))
    db.session.commit()
    pages = download(client)
    assert "Bénévolat : les associations cherchent des bénévoles" in pages[1]  # the contents
    section = page_of(pages, "Bénévolat : les associations cherchent des bénévoles", start=3)
    text = pages[section - 1]
    judo_page = page_of(pages, "Judo et jujitsu dès 4 ans.")
    for expected in ("Encadrer le baby judo",
                     f"Association : Judo Club de Sergines (p. {judo_page})", "Dojo, Cuy",
                     "Aimer les enfants", "Régulière, deux fois par mois · le samedi matin",
                     f"jusqu'au {date_fr(today_paris() + timedelta(days=90))}"):
        assert expected in text, expected
    # The club's listing names it, with the page of the section.
    judo = pages[judo_page - 1]
    assert f"Bénévoles recherchés : Encadrer le baby judo (p. {section})" in judo
    everything = "\n".join(pages)
    assert "Mission terminée" not in everything
    assert "secret.benevolat@exemple.org" not in everything  # volunteers write through the form
