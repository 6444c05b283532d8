"""The fictional demo data set and the synthetic territories used by the benchmarks."""

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from directory import search
from directory.demo.content import PHONE_PREFIXES
from directory.demo.generate import DemoBuilder, Referential, load_demo, load_synthetic
from directory.listings.identifiers import is_valid_rna, is_valid_siret
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization
from directory.listings.models.service import Service
from directory.search.types import SearchQuery
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import ContactVisibility, OrganizationKind, Status
from tests.conftest import empty_tables

TODAY = date(2026, 11, 23)
EMAIL_RE = re.compile(r"[\w.+-]+@([\w.-]+)")


def organizations(db) -> list[Organization]:
    return list(db.session.scalars(select(Organization).order_by(Organization.slug)))


def snapshot(db) -> list[tuple]:
    """What a visitor would see change if the data set were not deterministic."""
    return [
        (
            o.nom,
            o.slug,
            o.sigle,
            o.rna,
            o.siret,
            o.status,
            o.last_edited_at,
            [(s.nom, s.horaires, s.frais_precisions, s.age_min) for s in o.services],
            sorted(t.slug for t in o.themes),
            sorted(c.slug for c in o.communes),
        )
        for o in organizations(db)
    ]


def test_demo_load_fills_the_whole_territory(db, runner):
    result = runner.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "105 organisations" in result.output

    orgs = organizations(db)
    kinds = [o.kind for o in orgs]
    assert kinds.count(OrganizationKind.ASSOCIATION) == 80
    assert (
        kinds.count(OrganizationKind.PARTNER) + kinds.count(OrganizationKind.PUBLIC_SERVICE) == 25
    )
    assert OrganizationKind.PARTNER in kinds and OrganizationKind.PUBLIC_SERVICE in kinds

    communes = set(db.session.scalars(select(Commune.slug).where(Commune.in_territory)))
    seats = {o.places[0].commune.slug for o in orgs}
    assert seats == communes  # every commune seats at least one organisation
    top_themes = set(db.session.scalars(select(Theme.slug).where(Theme.parent_id.is_(None))))
    assert {t.parent.slug for o in orgs for t in o.themes} == top_themes
    assert {p.slug for o in orgs for p in o.publics} == set(db.session.scalars(select(Public.slug)))

    statuses = [o.status for o in orgs]
    assert statuses.count(Status.PUBLISHED) >= 95
    assert Status.DRAFT in statuses
    assert 1 <= statuses.count(Status.ARCHIVED) <= 2
    assert all(o.archived_at for o in orgs if o.status == Status.ARCHIVED)

    year_ago = datetime(2025, 11, 23, tzinfo=UTC)
    assert any(o.last_edited_at < year_ago for o in orgs)
    assert any(o.last_edited_at > year_ago for o in orgs)
    assert all(o.last_edited_at > year_ago - timedelta(days=400) for o in orgs)
    assert any(o.notice and o.notice_starts_on for o in orgs)
    assert any(o.notice_active(TODAY) for o in orgs if o.status == Status.PUBLISHED)

    services = db.session.scalars(select(Service)).all()
    assert all(1 <= len(o.services) <= 4 for o in orgs)
    assert any(s.age_min is not None for s in services)
    assert any("hors vacances scolaires" in s.horaires for s in services)
    contacts = db.session.scalars(select(Contact)).all()
    assert any(c.visibility == ContactVisibility.PROFESSIONALS for c in contacts)
    assert all(
        c.organization.kind != OrganizationKind.ASSOCIATION for c in contacts if not c.is_public
    )

    # Words the French search must handle are all there.
    text = " ".join(
        f"{o.nom} {o.presentation_resume} {o.description} {' '.join(s.nom for s in o.services)}"
        for o in orgs
    )
    for word in (
        "Théâtre",
        "randonnée",
        "gymnastique",
        "danse",
        "judo",
        "football",
        "chorale",
        "médiathèque",
        "Randonnées",
    ):
        assert word.lower() in text.lower(), word


def test_demo_identifiers_and_contacts_are_fictional(db, runner):
    runner.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    orgs = organizations(db)
    rnas = [o.rna for o in orgs if o.rna]
    assert len(rnas) > 50 and len(set(rnas)) == len(rnas)
    assert all(is_valid_rna(r) and r.startswith("W891") for r in rnas)
    assert all(o.kind == OrganizationKind.ASSOCIATION for o in orgs if o.rna)
    sirets = [o.siret for o in orgs if o.siret]
    assert len(sirets) >= 10 and all(is_valid_siret(s) for s in sirets)

    contacts = db.session.scalars(select(Contact)).all()
    texts = [o.courriel or "" for o in orgs] + [o.site_web or "" for o in orgs]
    texts += [o.description for o in orgs] + [c.courriel or "" for c in contacts]
    texts += [link["url"] for o in orgs for link in o.social_links]
    domains = {m for t in texts for m in EMAIL_RE.findall(t)}
    domains |= {re.sub(r"^https://", "", t).split("/")[0] for t in texts if t.startswith("https")}
    assert domains and all(re.search(r"(^|\.)exe?mple\.org$", d) for d in domains), domains
    phones = [o.telephone for o in orgs] + [c.telephone for c in contacts]
    assert all(p.startswith(PHONE_PREFIXES) for p in phones)
    assert all("fictive" in o.description for o in orgs)


def test_demo_load_if_empty_does_not_duplicate(db, runner):
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0
    assert "existent déjà" in result.output
    assert db.session.scalar(select(func.count(Organization.id))) == 105


def test_demo_is_deterministic_per_seed(db):
    load_demo(seed=7, today=TODAY)
    first = snapshot(db)
    db.session.remove()
    empty_tables()
    load_demo(seed=7, today=TODAY)
    assert snapshot(db) == first

    # Another seed, built in memory only: other names and slugs.
    other = DemoBuilder(Referential(), seed=8, today=TODAY).build()
    assert {(o.nom, o.slug) for o in other} != {row[:2] for row in first}
    db.session.rollback()


def test_demo_is_searchable(db, runner):
    runner.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    found = search.search(SearchQuery(q="judo", per_page=50))
    assert found.ids
    for org in (db.session.get(Organization, i) for i in found.ids):
        text = f"{org.nom} {org.presentation_resume} {org.description}".lower()
        assert "judo" in text, org.nom
    # « senior » is a resident's word for the seniors' services, not the football category.
    seniors = [db.session.get(Organization, i).nom
               for i in search.search(SearchQuery(q="senior", per_page=5)).ids]
    assert seniors and not [n for n in seniors if "oot" in n], seniors


def test_synthetic_territory_is_generated_and_searchable(db, runner):
    result = runner.invoke(args=["demo", "synthetic", "--size", "200", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Organization.id))) == 200
    assert db.session.scalar(select(func.count(Service.id))) > 100
    assert db.session.scalar(select(func.count(Contact.id))) == 0

    judo = db.session.scalars(
        select(Organization).where(
            Organization.nom.contains("judo"), Organization.status == Status.PUBLISHED
        )
    ).all()
    assert judo
    found = search.search(SearchQuery(q="judo", per_page=200))
    assert {o.id for o in judo} <= set(found.ids)

    assert runner.invoke(args=["demo", "synthetic", "--size", "0"]).exit_code != 0


def test_synthetic_generation_appends_with_unique_slugs(db):
    load_synthetic(50, seed=1, reindex=False)
    load_synthetic(50, seed=1, reindex=False)
    slugs = db.session.scalars(select(Organization.slug)).all()
    assert len(slugs) == 100 == len(set(slugs))


def test_demo_load_twice_adds_a_second_set(db, runner):
    runner.invoke(args=["demo", "load", "--seed", "5"])
    result = runner.invoke(args=["demo", "load", "--seed", "5"])
    assert result.exit_code == 0, result.output
    slugs = db.session.scalars(select(Organization.slug)).all()
    assert len(slugs) == 210 == len(set(slugs))


# --- Demo agenda (agenda_moderation) ------------------------------------------------------------


def agenda_snapshot(db) -> list[tuple]:
    from directory.agenda.models import Event

    return [
        (e.uid, e.title, e.starts_at, e.ends_at, e.commune.slug, e.rrule, e.exdates,
         e.moderation_state, e.public_status, e.organization.slug)
        for e in db.session.scalars(select(Event).order_by(Event.uid))
    ]


def test_demo_agenda_has_six_months_of_varied_events(db, runner):
    from directory.agenda import recurrence
    from directory.agenda.models import Event
    from directory.core.dates import PARIS

    result = runner.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "150 événements" in result.output
    events = db.session.scalars(select(Event)).all()
    assert len(events) == 150
    assert all(e.organization.status == Status.PUBLISHED for e in events)
    assert len({e.organization_id for e in events}) >= 80

    first = datetime.combine(TODAY, datetime.min.time(), tzinfo=PARIS)
    horizon = first + timedelta(days=190)
    assert all(first < e.starts_at < horizon for e in events)
    assert all(e.series_ends_at is not None and e.series_ends_at < horizon for e in events)
    for event in events:
        assert recurrence.occurrences(event, first, horizon), event.title

    communes = set(db.session.scalars(select(Commune.slug).where(Commune.in_territory)))
    assert {e.commune.slug for e in events} == communes
    assert any(e.place is not None and e.place.is_venue for e in events)
    assert any(e.place is None and e.address for e in events)
    top_themes = {t.parent.slug for e in events for t in e.themes}
    assert len(top_themes) >= 8
    assert len({p.slug for e in events for p in e.publics}) >= 8

    same = {(e.organization_id, e.title, e.starts_at) for e in events}
    assert len(same) == len(events), "an organisation has the same event twice"

    repeating = [e for e in events if e.is_recurring]
    assert 12 <= len(repeating) <= 18
    rules = " ".join(e.rrule for e in repeating)
    assert "INTERVAL=2" in rules and "BYDAY=1SA" in rules and "UNTIL=" in rules
    assert any(e.exdates for e in repeating) and any(e.overrides for e in repeating)

    states = [e.moderation_state for e in events]
    assert 3 <= states.count("submitted") <= 10
    assert states.count("published") >= 130
    statuses = [e.public_status for e in events]
    assert 3 <= statuses.count("cancelled") <= 6
    assert statuses.count("postponed") >= 1 and statuses.count("full") >= 1
    assert any(e.all_day for e in events) and any(not e.all_day for e in events)
    assert any(e.all_day and (e.end_date - e.start_date).days > 1 for e in events)
    assert any(e.frais == "payant" and e.price_details for e in events)
    assert sum(e.frais == "gratuit" for e in events) > 75
    assert any(e.registration_url for e in events)
    assert any(e.age_min is not None for e in events) and any(e.age_max for e in events)
    assert any(e.accessibility for e in events)

    titles = " ".join(e.title for e in events)
    for words in ("Loto", "Randonnée", "Bourse aux", "Atelier parentalité", "Café des aidants",
                  "Permanence", "Spectacle jeune public", "Forum des associations",
                  "Repair café"):
        assert words in titles, words
    from directory.agenda.operations import history

    cancelled = next(e for e in events if e.public_status == "cancelled")
    assert [h.action for h in history(cancelled)] == ["cancel", "publish", "submit", "create"]
    domains = {e.registration_url.split("/")[2] for e in events if e.registration_url}
    assert all(d.endswith("exemple.org") for d in domains)


def test_demo_agenda_is_deterministic(db):
    load_demo(seed=7, today=TODAY)
    first = agenda_snapshot(db)
    db.session.remove()
    empty_tables()
    load_demo(seed=7, today=TODAY)
    assert agenda_snapshot(db) == first
    assert len(first) == 150


def test_demo_offers_volunteer_missions_on_benevolat(db, runner, client):
    result = runner.invoke(args=["demo", "load", "--today", date.today().isoformat()])
    assert result.exit_code == 0, result.output
    page = client.get("/benevolat").text
    assert "Chauffeur solidaire" in page and "Aide aux devoirs des écoliers" in page
    # A one-off mission in four months is already announced.
    assert "Bénévoles pour la brocante de printemps" in page


def test_demo_names_are_believable(db, runner):
    runner.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    from directory.listings.models.contact import Contact

    names = [o.nom for o in organizations(db)]
    assert len(names) == len(set(names))
    assert not [n for n in names if re.search(r"\(\d+\)|– \d+$", n)]  # no « (7) »
    assert "Trésorerie" not in {c.label for c in db.session.scalars(select(Contact))}


def test_demo_schedules_fit_the_activity(db, runner):
    runner.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    from directory.listings.models.service import Service

    services = list(db.session.scalars(select(Service)))
    wednesdays = [s.horaires for s in services if s.nom == "Mercredis récréatifs"]
    assert wednesdays and all(h.startswith("Mercredi") for h in wednesdays), wednesdays
    seniors = [s for s in services if [p.slug for p in s.publics] == ["seniors"] and s.horaires]
    assert len(seniors) >= 3
    for s in seniors:  # in the daytime, on weekdays
        assert not s.horaires.startswith("Samedi"), (s.nom, s.horaires)
        assert not re.search(r"\b(18 h 30|20 h) –", s.horaires), (s.nom, s.horaires)
