"""Legal notices, accessibility statement, personal data, site map, robots.txt, sitemap.xml and
the territory's colours, through the real app."""

import tomllib
import xml.etree.ElementTree as ET

import pytest

from directory import create_app
from directory.core.config import ROOT
from directory.taxonomy import branding
from directory.taxonomy.vocabularies import Status
from tests.factories import OrganizationFactory

TERRITORY = tomllib.loads((ROOT / "data/territories/yonne-nord.toml").read_text("utf-8"))


@pytest.mark.parametrize(
    "label, path",
    [
        ("Mentions légales", "/mentions-legales"),
        ("Accessibilité : partiellement conforme", "/accessibilite"),
        ("Données personnelles", "/donnees-personnelles"),
        ("Plan du site", "/plan-du-site"),
    ],
)
def test_every_page_links_the_legal_pages_from_its_footer(client, label, path):
    for page in ("/", "/annuaire", "/agenda"):
        html = client.get(page).get_data(as_text=True)
        footer = html[html.index('<footer class="site-footer">'):]
        assert f'<a href="{path}">{label}</a>' in footer, page
    assert client.get(path).status_code == 200


def test_legal_notice_names_the_publisher_and_the_host_from_the_territory_file(client):
    html = client.get("/mentions-legales").get_data(as_text=True)
    for value in (
        TERRITORY["publisher"]["name"],
        TERRITORY["publisher"]["address"],
        TERRITORY["publisher"]["director"],
        TERRITORY["host"]["name"],
        TERRITORY["host"]["address"],
    ):
        assert value.replace("'", "&#39;") in html, value
    assert "Directeur de la publication" in html


def test_accessibility_statement_gives_state_results_contact_and_recourse(client):
    html = client.get("/accessibilite").get_data(as_text=True)
    assert "RGAA" in html and "4.1" in html
    assert "<strong>partiellement conforme</strong>" in html
    assert f"<strong>{TERRITORY['accessibility']['conformity_rate']} %</strong>" in html
    assert "30 novembre 2026" in html  # the audit's date
    assert f'mailto:{TERRITORY["accessibility"]["contact_email"]}' in html
    assert "Défenseur des droits" in html and "Libre réponse 71120" in html


def test_personal_data_page_states_retention_rights_and_contact(client):
    html = client.get("/donnees-personnelles").get_data(as_text=True)
    assert "<strong>90 jours</strong>" in html
    assert "<strong>25 mois</strong>" in html
    assert "ne dépose aucun cookie pour cela" in html and "ni adresse IP" in html
    assert f'mailto:{TERRITORY["dpo"]["email"]}' in html
    assert "droit d&#39;accès" in html or "droit d'accès" in html
    assert "CNIL" in html


def test_site_map_lists_sections_themes_and_communes(client):
    html = client.get("/plan-du-site").get_data(as_text=True)
    for href in ('href="/annuaire"', 'href="/agenda"', 'href="/partenaires"',
                 'href="/communes/sergines"', 'href="/mentions-legales"'):
        assert href in html, href


def test_robots_txt_points_to_an_absolute_sitemap_and_keeps_out_private_pages(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /moderation/" in lines and "Disallow: /compte/" in lines


def test_sitemap_lists_absolute_urls_of_published_listings_only(client, db):
    OrganizationFactory(nom="Club de judo", slug="club-de-judo")
    OrganizationFactory(nom="Brouillon", slug="brouillon", status=Status.DRAFT)
    db.session.commit()
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.get_data())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert all(url.startswith("http://localhost/") for url in urls)
    assert "http://localhost/annuaire/club-de-judo" in urls
    assert "http://localhost/annuaire/brouillon" not in urls
    assert "http://localhost/communes/sergines" in urls
    assert "http://localhost/accessibilite" in urls
    assert len(urls) == len(set(urls))


def test_pages_carry_the_territory_name_logo_and_colour(client):
    html = client.get("/").get_data(as_text=True)
    assert TERRITORY["name"] in html
    assert f'src="/static/{TERRITORY["logo"]}"' in html
    logo = client.get(f"/static/{TERRITORY['logo']}")
    assert logo.status_code == 200 and logo.mimetype == "image/svg+xml"
    logo.close()
    css = client.get("/territoire.css")
    assert css.mimetype == "text/css"
    assert f"--blue: {TERRITORY['main_colour']};" in css.get_data(as_text=True)
    assert 'href="/territoire.css?v=' in html


@pytest.mark.parametrize("colour", ["#000091", "#1f5c99", "#18753c"])
def test_a_readable_colour_is_kept(colour):
    assert branding.readable_colour(colour) == colour


@pytest.mark.parametrize("colour", ["#ffcc00", "#00a0e0", "#ffffff", "#e1000f"])
def test_a_colour_white_text_cannot_be_read_on_is_darkened_until_it_reaches_aa(colour):
    darker = branding.readable_colour(colour)
    assert darker != colour
    assert branding.contrast_with_white(darker) >= 4.5
    assert branding.contrast(darker, branding.light_colour(darker)) >= 4.5


@pytest.mark.parametrize("value", ["blue", "#fff", "rgb(0,0,0)", "#gggggg"])
def test_a_value_that_is_no_colour_is_refused(value):
    with pytest.raises(ValueError):
        branding.readable_colour(value)


def test_contrast_ratios_match_wcag():
    assert round(branding.contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(branding.contrast("#767676", "#ffffff"), 2) == 4.54


def test_a_territory_with_a_light_colour_gets_a_darker_one(tmp_path):
    text = (ROOT / "data/territories/yonne-nord.toml").read_text("utf-8")
    text = text.replace(f'main_colour = "{TERRITORY["main_colour"]}"', 'main_colour = "#ffcc00"')
    path = tmp_path / "clair.toml"
    path.write_text(text, "utf-8")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "TERRITORY_FILE": str(path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                      "SEARCH_INDEX_DIR": str(tmp_path / "index")})
    with app.test_client() as client:
        css = client.get("/territoire.css").get_data(as_text=True)
    main = css.split("--blue: ")[1].split(";")[0]
    assert main != "#ffcc00"
    assert branding.contrast_with_white(main) >= 4.5
