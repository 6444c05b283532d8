"""The index follows commits (and only commits); CLI; a lost or damaged index heals itself."""

import os
from pathlib import Path

from sqlalchemy import func, select, update

from directory import search
from directory.listings.models.organization import Organization
from directory.search import SearchQuery
from directory.search.models import SearchOutbox
from directory.taxonomy.vocabularies import Status
from tests.factories import OrganizationFactory, PlaceFactory, ServiceFactory, commune, theme
from tests.search.engines import postgresql_only, whoosh_only


def ids(q="", **filters) -> list[int]:
    return search.search(SearchQuery(q=q, **filters)).ids


def outbox_rows(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def test_drafts_are_indexed_once_published(db):
    org = OrganizationFactory(nom="Chorale des Oreuses", status=Status.DRAFT)
    db.session.commit()
    assert ids("chorale") == []
    org.status = Status.PUBLISHED
    db.session.commit()
    assert ids("chorale") == [org.id]
    assert outbox_rows(db) == 0


def test_an_edit_is_searchable_after_commit(db):
    org = OrganizationFactory(nom="Club de tennis de table")
    db.session.commit()
    org.nom = "Ping-pong club de Vinneuf"
    db.session.commit()
    assert ids("ping") == [org.id]
    assert ids("tennis") == []
    assert search.check().ok


def test_archived_organisations_leave_the_index(db):
    org = OrganizationFactory(nom="Amicale des pêcheurs")
    db.session.commit()
    assert ids("pecheurs") == [org.id]
    org.status = Status.ARCHIVED
    db.session.commit()
    assert ids("pecheurs") == []
    assert search.search(SearchQuery()).total == 0


def test_changes_to_services_places_and_themes_follow(db):
    place = PlaceFactory(commune=commune("cuy"))
    org = OrganizationFactory(nom="Les Amis du patrimoine", places=[place])
    db.session.commit()
    assert ids("cuy") == [org.id]

    ServiceFactory(organization=org, nom="Visites guidées de l'église")
    db.session.commit()
    assert ids("visites eglise") == [org.id]

    place.commune = commune("serbonnes")
    db.session.commit()
    assert ids("cuy") == []
    assert ids("serbonnes") == [org.id]

    org.themes.append(theme("patrimoine-et-histoire-locale"))
    db.session.commit()
    assert ids(theme="culture") == [org.id]
    assert search.check().ok


def test_a_rollback_leaves_no_ghost(db):
    OrganizationFactory(nom="Fantômes de l'opéra")
    db.session.flush()
    db.session.rollback()
    assert ids("fantomes") == []
    assert outbox_rows(db) == 0
    assert search.check().ok


def test_reindex_command_rebuilds_and_check_command_reports(app, db, runner):
    org = OrganizationFactory(nom="Comité des fêtes de Villeperrot")
    db.session.commit()
    # A change that bypasses the session (and its outbox): the index no longer matches.
    with db.engine.begin() as conn:
        conn.execute(update(Organization).where(Organization.id == org.id).values(nom="Kermesse"))
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"stale: {org.id}" in result.output

    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "1 organisations indexées" in result.output
    assert ids("kermesse") == [org.id]
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0
    assert "à jour" in result.output


def test_check_reports_missing_and_extra(app, db, runner):
    kept = OrganizationFactory(nom="Bibliothèque de Champigny")
    gone = OrganizationFactory(nom="Ludothèque de Chaumont")
    db.session.commit()
    with db.engine.begin() as conn:
        conn.execute(
            update(Organization).where(Organization.id == gone.id).values(status=Status.DRAFT)
        )
        conn.execute(
            Organization.__table__.insert().values(
                nom="Foyer rural",
                slug="foyer-rural",
                kind="association",
                status="published",
                social_links=[],
                accessibility=[],
                volunteers_wanted=False,
            )
        )
    report = search.check()
    assert report.extra == [gone.id]
    assert len(report.missing) == 1 and kept.id not in report.missing
    assert runner.invoke(args=["search", "check"]).exit_code == 1


@whoosh_only
def test_drain_command_applies_pending_rows(app, db, runner):
    org = OrganizationFactory(nom="Atelier couture")
    db.session.commit()
    # A script that wrote the change and its outbox row, but whose process died before draining.
    with db.engine.begin() as conn:
        conn.execute(update(Organization).where(Organization.id == org.id).values(nom="Tricot"))
        conn.execute(
            SearchOutbox.__table__.insert().values(entity="organization", entity_id=org.id)
        )
    assert ids("tricot") == []
    result = runner.invoke(args=["search", "drain"])
    assert result.exit_code == 0
    assert "1 modifications" in result.output
    assert ids("tricot") == [org.id]
    assert outbox_rows(db) == 0


def index_files(app) -> list[Path]:
    return [p for p in Path(app.config["SEARCH_INDEX_DIR"]).iterdir() if p.is_file()]


@whoosh_only
def test_a_deleted_index_is_rebuilt_on_search(app, db):
    org = OrganizationFactory(nom="Harmonie municipale")
    db.session.commit()
    search.indexer.remove(app)
    assert ids("harmonie") == [org.id]
    assert index_files(app)
    assert search.check().ok


@whoosh_only
def test_a_garbled_index_is_rebuilt_on_search(app, db):
    org = OrganizationFactory(nom="Harmonie de Sergines")
    db.session.commit()
    for path in index_files(app):
        path.write_bytes(os.urandom(64))
    assert ids("harmonie") == [org.id]
    assert search.check().ok


@whoosh_only
def test_a_garbled_index_is_rebuilt_on_commit(app, db):
    org = OrganizationFactory(nom="Club photo")
    db.session.commit()
    for path in index_files(app):
        path.write_bytes(b"\0" * 10)
    org.nom = "Club photo et vidéo"
    db.session.commit()
    assert ids("video") == [org.id]
    assert search.check().ok


@postgresql_only
def test_postgresql_documents_are_written_in_the_edit_transaction(app, db, runner):
    from directory.search.postgres.models import SearchDocument

    org = OrganizationFactory(nom="Atelier couture")
    db.session.flush()
    # Flushed, not committed: not searchable yet, from this session or any other.
    assert ids("couture") == []
    db.session.commit()
    assert ids("couture") == [org.id]
    assert db.session.get(SearchDocument, org.id).sort_name == "atelier couture"
    # No outbox and nothing to drain: the documents came with the commit.
    assert outbox_rows(db) == 0
    result = runner.invoke(args=["search", "drain"])
    assert result.exit_code == 0 and "0 modifications" in result.output
    # Documents of drafts are removed in the same way.
    org.status = Status.DRAFT
    db.session.commit()
    assert db.session.get(SearchDocument, org.id) is None
    assert ids("couture") == []


def test_check_does_not_depend_on_the_order_collections_come_back(app, db, runner):
    from sqlalchemy.orm.attributes import set_committed_value

    from directory.search import documents
    from tests.factories import organization

    org = organization(
        "Foyer rural de Gisy",
        themes=["culture", "theatre", "sport"],
        publics=["enfants", "seniors"],
    )
    ServiceFactory(organization=org, nom="Atelier théâtre")
    ServiceFactory(organization=org, nom="Gym douce")
    db.session.commit()
    first = documents.document(org)["digest"]
    # PostgreSQL hands a many-to-many back in whatever order its plan and its pages give.
    for name in ("themes", "publics", "services"):
        set_committed_value(org, name, list(reversed(getattr(org, name))))
    assert documents.document(org)["digest"] == first
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0 and "à jour" in result.output, result.output


def _answers(queries) -> list:
    """What a person sees for each query: the page's ids, the total and every facet count."""
    seen = []
    for query in queries:
        results = search.search(query)
        facets = {
            name: [(f.value, f.count) for f in values] for name, values in results.facets.items()
        }
        seen.append((results.ids, results.total, facets))
    return seen


@whoosh_only
def test_searches_after_edits_answer_as_a_freshly_opened_index(app, db):
    # Each commit adds a segment and marks deletions in older ones; the process keeps what it
    # read of the older segments. What people get must equal a cold start on the same index.
    from directory.search import snapshot

    sport, culture = theme("sport"), theme("culture")
    orgs = [
        OrganizationFactory(
            nom=f"Association {i:02d} de Sergines", themes=[sport if i % 2 else culture]
        )
        for i in range(30)
    ]
    db.session.commit()
    queries = [
        SearchQuery(per_page=100),
        SearchQuery(q="association", per_page=100),
        SearchQuery(theme="sport", per_page=100),
        SearchQuery(per_page=5, page=3),
    ]
    _answers(queries)  # the snapshot of the first segment is kept

    orgs[3].nom = "Zumba pour tous"  # moves from the top to the end of the A-Z list
    db.session.commit()
    orgs[4].status = Status.ARCHIVED  # a deletion in the first segment
    db.session.commit()
    OrganizationFactory(nom="Amicale bouliste", themes=[sport])  # sorts first
    orgs[6].themes = [sport]
    db.session.commit()

    warm = _answers(queries)
    listing = warm[0][0]
    assert listing[0] == db.session.scalar(
        select(Organization.id).where(Organization.nom == "Amicale bouliste")
    )
    assert listing[-1] == orgs[3].id
    assert orgs[4].id not in listing and len(listing) == 30
    assert dict(warm[2][2]["theme"])["sport"] == 17  # 15 odd ones, orgs[6], the new club
    assert len(snapshot.current(app).parts) > 1  # several segments were combined

    snapshot.forget(app)  # a cold start reads every segment again
    assert _answers(queries) == warm

    search.reindex()  # one segment again: numbers change, answers do not
    assert _answers(queries) == warm
