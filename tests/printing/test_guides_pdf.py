"""Guides per public: plain-language headings, large type, the right listings, nothing private."""

import io

from pypdf import PdfReader

from directory.accounts.models import Role
from directory.core.extensions import db
from directory.printing.guides import load_guides, unknown_slugs
from directory.taxonomy.models import Public, Theme
from tests.factories import UserFactory
from tests.printing.pdftext import assert_no_secret, in_order, pdf_pages

ACTION_PLAN_PUBLICS = {
    "petite-enfance",
    "enfance-jeunesse",
    "parentalite",
    "seniors",
    "handicap-aidants",
    "acces-aux-droits",
}


def test_every_public_of_the_action_plans_has_a_guide_built_on_the_taxonomy(db):
    guides = load_guides()
    assert {g.slug for g in guides} == ACTION_PLAN_PUBLICS
    themes = set(db.session.scalars(db.select(Theme.slug)))
    publics = set(db.session.scalars(db.select(Public.slug)))
    assert unknown_slugs(guides, themes, publics) == []
    for guide in guides:
        assert guide.sections, guide.slug


def test_seniors_guide_lists_its_listings_under_plain_headings(client, scene):
    response = client.get("/editions/guides/seniors.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    text = "\n".join(pages[1:])  # after the first page (title and contents)
    assert "GUIDE PRATIQUE" in pages[0] and "Seniors" in pages[0]
    assert "Données à jour au" in pages[0]
    assert in_order(
        text,
        "Comment rester chez moi le plus longtemps possible ?",
        "Amicale des seniors",
        "Sorties, repas et aide aux courses.",
        "Où garder la forme et voir du monde ?",
    )
    # Not for seniors: the judo club for children, the toddlers' music.
    assert "Judo Club de Sergines" not in text
    assert "Éveil musical du Nord" not in text
    assert_no_secret(pages)


def test_childhood_guide_takes_services_and_their_organisation(client, scene):
    pages = pdf_pages(client.get("/editions/guides/enfance-jeunesse.pdf").data)
    text = "\n".join(pages[1:])  # after the first page (title and contents)
    assert in_order(
        text,
        "Qui garde mon enfant après l'école et pendant les vacances ?",
        "Judo Club de Sergines",
        "Baby judo",
        "Quel sport peut faire mon enfant ?",
        "Voir aussi : Judo Club de Sergines",
    )
    assert_no_secret(pages)


def test_access_to_rights_guide_is_for_every_public(client, scene):
    text = "\n".join(pdf_pages(client.get("/editions/guides/acces-aux-droits.pdf").data))
    assert in_order(
        text, "Qui peut m'aider à faire mes papiers ?", "France Services Yonne Nord"
    )
    # A heading without any listing says where to ask instead of leaving a blank page.
    assert "Aucune structure n'est encore recensée pour cette question" in text


def test_guide_text_is_at_least_12_points(client, scene):
    reader = PdfReader(io.BytesIO(client.get("/editions/guides/seniors.pdf").data))
    sizes = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] * cm[0]) if tm and cm else 1
            sizes[text.strip()] = font_size * abs(scale)

    for page in reader.pages[1:]:  # the listings, after the title and contents page
        page.extract_text(visitor_text=visit)
    body = {t: s for t, s in sizes.items() if "Amicale" in t or "Sorties, repas" in t}
    assert body, sizes
    assert min(body.values()) >= 12, body


def test_unknown_guide_is_not_found(client, db):
    assert client.get("/editions/guides/inconnu.pdf").status_code == 404


def test_guide_follows_data_changes(client, login_as, scene):
    old = client.get("/editions/guides/seniors.pdf").data
    scene.seniors.presentation_resume = "Nouveau : un après-midi jeux par semaine."
    db.session.commit()
    # The download queues a rebuild (run at once here; test_directory_pdf.py shows the previous
    # file served while the worker is busy).
    new = client.get("/editions/guides/seniors.pdf").data
    assert new != old
    assert "Nouveau : un après-midi jeux par semaine." in "\n".join(pdf_pages(new))
    login_as(UserFactory(role=Role.MODERATOR))
    text = "\n".join(pdf_pages(client.get("/editions/guides/seniors.pdf").data))
    assert "Nouveau : un après-midi jeux par semaine." in text


def test_the_first_page_of_a_guide_is_not_mostly_empty(client, scene):
    from tests.printing.pdftext import first_page_fill

    data = client.get("/editions/guides/seniors.pdf").data
    spread, chars = first_page_fill(data)
    # Title, the contents with their pages and how to read the guide: not a cover alone.
    assert spread > 0.6 and chars > 0.3, (spread, chars)
    first = pdf_pages(data)[0]
    assert "Dans ce guide" in first and "Guide pratique".upper() in first.upper()
