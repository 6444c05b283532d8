"""Every printed guide has its web version: same questions, answers and listings, linkable."""

import html

from directory.printing.guides import load_guides
from tests.pathways.conftest import SECRETS


def test_every_guide_has_a_web_page_with_the_printed_questions(client, scene):
    index = client.get("/guides").text
    for guide in load_guides():
        assert f'href="/guides/{guide.slug}"' in index
        page = client.get(f"/guides/{guide.slug}")
        assert page.status_code == 200
        text = html.unescape(page.text).replace("\u00a0", " ")
        for section in guide.sections:
            assert section.heading in text and section.answer in text
        assert f'href="/editions/guides/{guide.slug}.pdf"' in page.text


def test_a_guide_page_lists_the_listings_and_links_each_question(client, scene):
    page = client.get("/guides/petite-enfance").text
    assert '<a href="#petite-enfance-1">' in page and 'id="petite-enfance-1"' in page
    first = page[page.index('id="petite-enfance-1"'):page.index('id="petite-enfance-2"')]
    assert "Relais Petite Enfance de Sergines" in first and "Crèche Les Lucioles" in first
    for secret in SECRETS:
        assert secret not in page, secret
    assert client.get("/guides/inconnu").status_code == 404
