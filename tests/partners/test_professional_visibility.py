"""Nothing "professionals only" ever leaves through a public surface.

A marker string is planted in every professionals-only field of a service
(models.service.PRO_ONLY_FIELDS) and in professionals-only contacts, of the structure and of
the service. Then every GET route of the app is requested, by an anonymous visitor and by a
signed-in member of another association (not a professional): pages, search, agenda, iCalendar
feeds, the API, CSV and data·inclusion exports, printed PDFs (their text read with pypdf). The
markers never appear; the search index holds none of them either. A validated professional sees
them all on the partner pages (the positive control: the markers are really there).

Routes are read from the URL map, so a surface added later is covered without editing this file.
"""

import io
import itertools
import re
import tomllib
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text
from werkzeug.routing.converters import NumberConverter

from directory.accounts.models import Role
from directory.core.config import ROOT
from directory.core.extensions import db as _db
from directory.listings.models.service import PRO_ONLY_FIELDS
from directory.taxonomy.models import Public
from directory.taxonomy.vocabularies import ContactVisibility, OrganizationKind
from tests.conftest import sign_in
from tests.factories import (
    ContactFactory,
    EventFactory,
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    UserFactory,
    commune,
    member_of,
    public,
    theme,
)

#: Every marker contains this (lower case), so that one search finds any of them, in any field,
#: whatever the case or stemming.
TAG = "zqxpro"
PHONES = {"orientation_telephone": "03 86 97 53 19", "contact": "03 86 97 53 18",
          "service_contact": "03 86 97 53 17"}
VALUES = {
    "orientation_modes": ["envoyer-un-courriel"],  # a vocabulary: checked through its label below
    "orientation_courriel": f"{TAG}-orientation@exemple.fr",
    "orientation_telephone": PHONES["orientation_telephone"],
    "orientation_precisions": f"Envoyer la fiche {TAG}precisions au service",
    "notes_professionnels": f"Note {TAG}notes pour les partenaires",
}
#: Searches typed with the markers: the page repeats the query, but must find nothing else.
SEARCHES = (f"{TAG}notes", f"{TAG}precisions", f"{TAG}contact", f"{TAG}role", "0386975319")
#: What the public sees of the same service: the control that the pages did render it.
PUBLIC_NAME = "Accompagnement témoin des démarches"


@pytest.fixture
def scene(app, db):
    org = OrganizationFactory(
        nom="Centre communal témoin", kind=OrganizationKind.PUBLIC_SERVICE,
        courriel="accueil@ccas-temoin.fr", communes=[commune("sergines")],
        themes=[theme("demarches-administratives")],
        # Every public: the structure is in every printed guide per public.
        publics=list(_db.session.scalars(select(Public))),
    )
    place = PlaceFactory(commune=commune("sergines"))
    org.places.append(place)
    assert set(VALUES) == set(PRO_ONLY_FIELDS), "a new professionals-only field needs a marker"
    service = ServiceFactory(
        organization=org, nom=PUBLIC_NAME, description="Aide aux démarches en ligne.",
        place=place, themes=[theme("demarches-administratives")],
        publics=[public("tout-public")], communes=[commune("sergines")],
        modalites_accueil=["sur-place"], modes_accueil=["en-presentiel"],
        modes_mobilisation=["telephoner"], mobilisable_par=["usagers"], **VALUES,
    )
    ContactFactory(organization=org, label=f"Coordination {TAG}contact",
                   role=f"Référente {TAG}role", telephone=PHONES["contact"],
                   courriel=f"{TAG}-contact@exemple.fr",
                   visibility=ContactVisibility.PROFESSIONALS)
    ContactFactory(organization=org, service=service, label=f"Mme {TAG}servicecontact",
                   telephone=PHONES["service_contact"], courriel=f"{TAG}-service@exemple.fr",
                   visibility=ContactVisibility.PROFESSIONALS)
    ContactFactory(organization=org, label="Accueil public", courriel="public@ccas-temoin.fr")
    event = EventFactory(organization=org, title="Permanence témoin de l'agenda",
                         commune=commune("sergines"))
    outsider = member_of(OrganizationFactory(nom="Association voisine"))
    _finalised_quarterly_edition(app, event)
    _db.session.commit()
    return {"org": org, "service": service, "event": event, "place": place,
            "outsider": outsider}


def _finalised_quarterly_edition(app, event) -> None:
    """The printed quarterly agenda of the event's quarter, finalised: public as a PDF."""
    try:
        from directory.editions import operations as editions
    except ImportError:  # no quarterly editions in this version
        return
    staff = UserFactory(role=Role.ADMIN)
    start = event.starts_at
    edition = editions.create(start.year, (start.month - 1) // 3 + 1, None, start.date(), [],
                              None, staff)
    with app.test_request_context():
        editions.finalise(edition, staff)


def leaks(text: str, echo: str | None = None) -> list[str]:
    """The markers found in a response's text (phones compared without spaces); `echo`, the
    query typed in a search, is taken out first: the page repeats what the visitor typed."""
    if echo:
        text = re.sub(re.escape(echo), "", text, flags=re.IGNORECASE)
    found = []
    if TAG in text.lower():
        start = text.lower().index(TAG)
        found.append(text[max(0, start - 60):start + 60])
    compact = re.sub(r"\s", "", text)
    found += [phone for phone in PHONES.values() if phone.replace(" ", "") in compact]
    return found


def body_text(response) -> str:
    if response.mimetype == "application/pdf":
        reader = PdfReader(io.BytesIO(response.data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    text = response.get_data(as_text=True)
    if response.mimetype == "text/calendar":
        text = text.replace("\r\n ", "").replace("\n ", "")  # unfold RFC 5545 lines
    return text


def guide_slugs() -> list[str]:
    """The printed guides per public, as the territory's data file lists them."""
    path = ROOT / "data" / "guides.toml"
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text())
    return [g["slug"] for g in data.get("guides", []) if "slug" in g]


def _fallback(converter) -> list:
    """Values for a variable the scene knows nothing about: each choice of an `any(...)`, else
    a number or a word (the route answers 404, which is fine)."""
    if getattr(converter, "items", None):
        return sorted(converter.items)
    return [1] if isinstance(converter, NumberConverter) else ["x"]


def route_values(rule, s) -> list[dict]:
    """Every way to fill a rule's variables from the scene (several for slugs and exports)."""
    today_year, today_month = s["event"].starts_at.year, s["event"].starts_at.month
    candidates = {
        # An organisation, a commune, a theme, a public, an event, a printed guide.
        "slug": [s["org"].slug, "sergines", "demarches-administratives", "tout-public",
                 s["event"].slug, *guide_slugs()],
        "event_id": [s["event"].id],
        "service_id": [s["service"].id],
        "org_id": [s["org"].id],
        "place_id": [s["place"].id],
        "year": [today_year],
        "month": [today_month],
        "quarter": [(today_month - 1) // 3 + 1],
        "kind": ["structures", "services"],
        "fmt": ["json", "csv"],
    }
    names = sorted(rule.arguments)
    pools = [candidates.get(name) or _fallback(rule._converters.get(name)) for name in names]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*pools)]


def public_urls(app, s) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        for values in route_values(rule, s):
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(rule.endpoint, **values))
    # Searches typed with the markers themselves.
    for q in SEARCHES:
        urls += [f"/annuaire?q={q}", f"/partenaires?q={q}", f"/api/v1/services?q={q}",
                 f"/api/v1/organisations?q={q}", f"/agenda?q={q}"]
    urls += ["/partenaires?commune=sergines", "/annuaire?commune=sergines",
             "/api/v1/services?commune=sergines", "/agenda.ics?commune=sergines"]
    return sorted(set(urls))


def test_professionals_only_information_never_leaves_through_a_public_surface(app, scene):
    anonymous = app.test_client()
    outsider = sign_in(app.test_client(), scene["outsider"])
    urls = public_urls(app, scene)
    seen_ok = 0
    pdfs_with_scene = set()
    problems = []
    for url in urls:
        for who, client in (("anonymous", anonymous), ("outsider", outsider)):
            if who == "outsider" and urlsplit(url).path.endswith(".pdf"):
                continue  # printed editions are the same for everyone, and slow to build
            response = client.get(url, follow_redirects=True)
            if response.status_code == 200:
                seen_ok += 1
            query = parse_qs(urlsplit(url).query).get("q", [None])[0]
            text = body_text(response)
            if response.mimetype == "application/pdf" and "Centre communal" in text:
                pdfs_with_scene.add(url)
            found = leaks(text, echo=query)
            if found:
                problems.append((who, url, response.status_code, found))
    assert not problems, "\n".join(f"{who} {url} ({status}): {found}"
                                   for who, url, status, found in problems)
    assert seen_ok > 40  # the crawl really reached the pages
    if any(url.endswith(".pdf") for url in urls):  # printed editions exist: one shows the scene
        assert pdfs_with_scene, "no printed edition showed the structure"

    # The pages did show the service and its public contact: the scene is on every surface.
    assert PUBLIC_NAME in anonymous.get(f"/annuaire/{scene['org'].slug}").text
    assert "public@ccas-temoin.fr" in anonymous.get(f"/annuaire/{scene['org'].slug}").text
    assert PUBLIC_NAME in anonymous.get(f"/partenaires/services/{scene['service'].id}").text
    assert "Centre communal témoin" in anonymous.get("/annuaire?q=témoin").text
    assert PUBLIC_NAME in anonymous.get("/partenaires?q=témoin").text
    # Searching for a marker finds nothing: neither the structure nor its service.
    for q in SEARCHES:
        for path in ("/annuaire", "/partenaires"):
            page = anonymous.get(path, query_string={"q": q}).text
            assert "Centre communal témoin" not in page and PUBLIC_NAME not in page, (path, q)


def test_the_search_index_holds_no_professionals_only_text(app, scene):
    from directory import search
    from directory.search.indexer import open_index

    if search.engine_name(app) == "postgresql":
        # The PostgreSQL engine's documents and lexicon, read as text.
        rows = _db.session.execute(
            text("SELECT organization_id, tsv::text, folded::text FROM search_documents")
        ).all()
        assert scene["org"].id in {r[0] for r in rows}
        words = set(_db.session.scalars(text("SELECT word FROM search_words")))
        assert "temoin" in words
        for row in rows:
            assert TAG not in " ".join(map(str, row)).lower()
            assert "0386975" not in " ".join(map(str, row)).replace(" ", "")
        assert not [w for w in words if TAG in w or "0386975" in w]
        return
    search.drain()
    index = open_index(app)
    with index.searcher() as searcher:
        # The structure is indexed, its service's public name with it (the control).
        assert str(scene["org"].id).encode() in set(searcher.lexicon("id"))
        assert b"temoin" in set(searcher.lexicon("folded"))
        for document in searcher.all_stored_fields():
            assert not leaks(" ".join(str(v) for v in document.values()))
        for name in index.schema.names():
            if not index.schema[name].indexed:
                continue
            terms = [t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)
                     for t in searcher.lexicon(name)]
            assert not [t for t in terms if TAG in t.lower()], name
            assert not [t for t in terms if "0386975" in t.replace(" ", "")], name


def test_a_validated_professional_sees_every_marker_on_the_partner_page(app, scene):
    professional = sign_in(app.test_client(), UserFactory(role=Role.PROFESSIONAL))
    page = professional.get(f"/partenaires/services/{scene['service'].id}").text
    for name, value in VALUES.items():
        if name != "orientation_modes":
            assert value in page, name
    assert "Envoyer un courriel" in page  # the orientation mode's label
    for marker in (f"{TAG}contact", f"{TAG}role", f"{TAG}servicecontact",
                   *PHONES.values()):
        assert marker in page, marker
    # The same professional reading public surfaces sees no more than the public.
    assert not leaks(professional.get(f"/annuaire/{scene['org'].slug}").text)
    assert not leaks(professional.get(f"/api/v1/services/{scene['service'].id}").text)

