"""Time ranges never break across lines, in the PDFs (WeasyPrint) as on the site."""

import io
import re

from flask import render_template_string
from pypdf import PdfReader

from directory.printing.pdf import render_pdf

RANGE = "18 h 30 – 20 h"
#: Narrow paragraphs whose growing first words put a line end at every place of the range.
PAGE = """{% extends "print/_base.html" %}{% block title %}Essai{% endblock %}
{% block content %}{% for n in range(1, 22) %}
<p style="width: 32mm; margin: 0 0 4mm">{{ "Mardi " * n }}{{ text|FILTER }}, hors vacances</p>
{% endfor %}{% endblock %}"""


def lines(app, filter_name: str) -> list[str]:
    with app.test_request_context():
        html = render_template_string(PAGE.replace("FILTER", filter_name), text=RANGE)
    data = render_pdf(html)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return [re.sub(r"[\s\u00a0\u2060]+", " ", line).strip() for line in text.splitlines()]


def broken(found: list[str]) -> list[str]:
    """Lines that end inside the range (« Mardi 18 h » then « 30 – 20 h, … »)."""
    return [line for line in found if re.search(r"\b1?8( h( 30( –)?)?)?$", line)
            and not line.endswith(RANGE)]


def test_a_time_range_stays_on_one_line_in_printed_editions(app):
    # The same text without the filter does break inside the range: the layout tries hard.
    assert broken(lines(app, "string"))
    for name in ("nowrap_times", "unbreakable_times"):  # spans (directory), no-break spaces
        found = lines(app, name)
        assert broken(found) == [], name
        assert sum(RANGE in line for line in found) == 21, name


def test_time_ranges_are_kept_together_on_the_site(client, db):
    from tests.factories import OrganizationFactory, ServiceFactory

    org = OrganizationFactory(nom="Judo Club", horaires_accueil="Mercredi 14 h – 18 h")
    ServiceFactory(organization=org, nom="Baby judo", horaires="Samedi 10 h – 11 h <b>")
    db.session.commit()
    page = client.get(f"/annuaire/{org.slug}").text
    assert 'Mercredi <span class="nowrap">14 h – 18 h</span>' in page
    assert 'Samedi <span class="nowrap">10 h – 11 h</span> &lt;b&gt;' in page  # still escaped
