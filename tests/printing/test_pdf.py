"""PDFs are built on the machine: /static from disk, nothing from outside; QR codes are SVG."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import segno
from flask import render_template_string
from pypdf import PdfReader

from directory.printing.pdf import PRINT_BASE_URL, LocalStaticFetcher, render_pdf
from directory.printing.qr import qr_svg

PAGE = """{% extends "print/_base.html" %}{% block title %}Édition d'essai{% endblock %}
{% block content %}<h1 id="debut">Bonjour</h1>
{% for i in range(90) %}<p>Ligne {{ i }}</p>{% endfor %}
<ul class="print-index"><li><a href="#debut">Bonjour</a></li></ul>{% endblock %}"""


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_base_template_has_running_header_and_page_numbers(app):
    with app.test_request_context():
        pages = pdf_text(render_pdf(render_template_string(PAGE)))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in text
        assert "Communauté de communes Yonne Nord" in text
        assert "Édition d'essai" in text
    # The index entry points at the page where its target stands (target-counter).
    assert "Bonjour" in pages[-1] and pages[-1].split("Bonjour")[-1].strip(" .").startswith("1")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://127.0.0.1:5000/static/css/print.css",
        "file:///etc/passwd",
        PRINT_BASE_URL + "organisations/1",
        PRINT_BASE_URL + "static/../../pyproject.toml",
        PRINT_BASE_URL + "static/%2e%2e/%2e%2e/pyproject.toml",
    ],
)
def test_fetcher_refuses_anything_but_static_files(app, url):
    fetcher = LocalStaticFetcher(Path(app.static_folder))
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_fetcher_serves_static_files_and_data_urls(app):
    fetcher = LocalStaticFetcher(Path(app.static_folder))
    response = fetcher.fetch(PRINT_BASE_URL + "static/css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert fetcher.fetch("data:text/plain,bonjour").read() == b"bonjour"


def test_outside_image_is_left_out_and_pdf_still_builds(app):
    html = '<html><body><p>Texte</p><img src="https://example.org/x.png" alt=""></body></html>'
    assert "Texte" in pdf_text(render_pdf(html))[0]


def test_qr_svg_is_a_valid_svg_of_the_url():
    url = "https://annuaire.example.fr/organisations/club-de-judo"
    markup = qr_svg(url)
    root = ET.fromstring(str(markup))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox")
    assert not str(markup).startswith("<?xml")
    # One dark module path, drawn at the size of segno's matrix for that URL (plus the quiet zone).
    size = segno.make(url, error="m", micro=False).symbol_size(scale=3, border=2)
    assert root.get("viewBox") == f"0 0 {size[0]} {size[1]}"
