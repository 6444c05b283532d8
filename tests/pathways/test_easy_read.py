"""« Facile à lire »: on pathways and listings on request, in print; a readability hint."""

from sqlalchemy import select

from directory.core.extensions import db
from directory.listings.models.revision import Revision
from directory.pathways.readability import readability
from directory.printing.guides import get_guide
from directory.printing.paper import guide_html
from directory.printing.qr import qr_svg, scan_url
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, member_of, theme
from tests.htmlforms import fill, form_fields
from tests.printing.pdftext import pdf_pages

LONG = ("Le relais accompagne les assistantes maternelles dans leur professionnalisation et la "
        "contractualisation avec les parents employeurs, conformément à la convention "
        "collective nationale.")


def test_the_easy_text_is_a_disclosure_that_opens_without_javascript(client, scene):
    html = client.get(f"/parcours/{scene.pathway.slug}").text
    start = html.index('<details class="easy-read"')
    block = html[start:html.index("</details>", start)]
    assert "<summary" in block and "Facile à lire" in block
    assert "Vous cherchez une garde." in block
    assert "Le relais vous aide. C&#39;est gratuit." in block
    assert "<script" not in html[start:html.index("</main>")]


def test_a_listing_shows_its_easy_text_only_when_it_has_one(client, scene):
    scene.rpe.easy_read = "Le relais aide les parents.\n\nC'est gratuit."
    db.session.commit()
    html = client.get(f"/annuaire/{scene.rpe.slug}").text
    assert '<details class="easy-read"' in html and "Le relais aide les parents." in html
    assert '<details class="easy-read"' not in client.get(f"/annuaire/{scene.creche.slug}").text


def test_members_write_the_easy_text_and_see_a_readability_hint(client, db):
    org = OrganizationFactory(nom="Relais des Familles", trusted=True, themes=[theme("sport")],
                              description=LONG)
    sign_in(client, member_of(org))
    page = client.get(f"/gestion/{org.slug}").text
    hint = page[page.index('class="readability'):]
    hint = hint[:hint.index("</div>")]
    assert "1 phrase de plus de 15 mots" in hint
    assert "contractualisation" in hint  # a rare word
    data = fill(form_fields(page, f"/gestion/{org.slug}"),
                description="Le relais aide les parents. Il est gratuit.",
                easy_read="Le relais aide les parents.\n\nC'est gratuit.")
    data["site_web"] = "pas une adresse"  # refused: the form comes back with the hint
    response = client.post(f"/gestion/{org.slug}", data=data)
    assert response.status_code == 422
    assert "Texte facile à lire." in response.text  # the hint follows what was typed
    data["site_web"] = ""
    assert client.post(f"/gestion/{org.slug}", data=data).status_code == 302
    db.session.expire_all()
    assert org.easy_read == "Le relais aide les parents.\n\nC'est gratuit."
    last = db.session.scalars(select(Revision).where(Revision.organization_id == org.id)
                              .order_by(Revision.id.desc())).first()
    assert last.snapshot["fields"]["easy_read"] == org.easy_read
    history = client.get(f"/annuaire/{org.slug}/historique").text
    assert "Facile à lire" in history


def test_the_easy_texts_are_printed(client, login_as, scene):
    scene.rpe.easy_read = "Le relais aide les parents. C'est gratuit."
    db.session.commit()
    text = "\n".join(pdf_pages(client.get("/editions/annuaire.pdf").data))
    assert "Relais Petite Enfance de Sergines" in text
    assert "Facile à lire Le relais aide les parents. C'est gratuit." in text
    # The newcomers' booklet prints each pathway's easy text.
    booklet = "\n".join(pdf_pages(client.get("/parcours/livret/sergines.pdf?format=a5").data))
    assert "Je cherche un mode de garde" in booklet
    assert "Vous cherchez une garde. Le relais vous aide. C'est gratuit." in booklet


def test_printed_guides_ask_plain_questions_answered_simply_and_link_to_the_web(client, scene):
    pages = pdf_pages(client.get("/editions/guides/petite-enfance.pdf").data)
    assert "Ce guide à jour sur internet : http://localhost/guides/petite-enfance" in \
        pages[0].replace("/ ", "/")
    # The cover's QR code is the web version's address (tagged: scans are counted).
    with client.application.test_request_context():
        html = guide_html(get_guide("petite-enfance"))
    web = scan_url("http://localhost/guides/petite-enfance", "guide-petite-enfance", "couverture")
    assert str(qr_svg(web)) in html
    text = "\n".join(pages)
    assert ("Qui peut garder mon enfant ? Il y a des crèches et des assistantes maternelles. "
            "Le relais petite enfance vous aide à choisir.") in text


def test_readability_counts_long_sentences_and_rare_words():
    easy = readability("Le relais aide les parents. Il est gratuit.")
    assert easy.sentences == 2 and easy.long_sentences == [] and easy.easy
    hard = readability(LONG)
    assert hard.sentences == 1 and hard.long_sentences == [LONG]
    assert "contractualisation" in hard.rare_words and "parents" not in hard.rare_words
    assert not hard.easy
    # Markdown is read as text; acronyms are names, not rare words.
    marked = readability("**La CAF** verse les aides.\n\n- Venez avec vos papiers.")
    assert marked.sentences == 2 and marked.rare_words == []
    assert readability("").sentences == 0
