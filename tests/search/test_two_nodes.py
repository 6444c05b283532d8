"""Two app nodes (their own instance folders and indexes) on one PostgreSQL: an edit made
through one node is found at once by a search on the other."""

import tempfile
from pathlib import Path

import pytest

from directory import create_app
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, ServiceFactory, member_of, theme
from tests.htmlforms import form_fields
from tests.search.engines import postgresql_only

pytestmark = postgresql_only


@pytest.fixture
def nodes(app, db):
    """Nodes A and B: the session app's database, nothing else shared."""
    made = []
    for name in ("a", "b"):
        folder = Path(tempfile.mkdtemp(prefix=f"directory-node-{name}-"))
        node = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "tests",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "SEARCH_INDEX_DIR": str(folder / "index"),
                "SERVER_NAME": "localhost",
                "PUBLIC_URL": "http://localhost",
                "TRUSTED_HOSTS": ["localhost"],
                "JOBS_IMMEDIATE": True,
            }
        )
        node.instance_path = str(folder)
        made.append(node)
    yield made
    from directory.core.extensions import db as _db

    for node in made:
        with node.app_context():
            _db.engine.dispose()


def found_on(node, q: str) -> str:
    return node.test_client().get("/annuaire", query_string={"q": q}).get_data(as_text=True)


def test_an_edit_through_node_a_is_found_on_node_b(nodes, db):
    a, b = nodes
    assert a.extensions["search"]["engine"] == b.extensions["search"]["engine"] == "postgresql"
    org = OrganizationFactory(
        nom="Club de tennis de table", trusted=True, themes=[theme("sport")]
    )
    member = member_of(org)
    db.session.commit()
    assert "Club de tennis de table" in found_on(b, "tennis")

    editor = sign_in(a.test_client(), member)
    page = editor.get(f"/gestion/{org.slug}")
    assert page.status_code == 200, page.text
    data = form_fields(page.text, f"/gestion/{org.slug}")
    data["nom"] = "Ping-pong club de Vinneuf"
    data["presentation_resume"] = "Entraînements de tennis de table le mercredi."
    assert editor.post(f"/gestion/{org.slug}", data=data).status_code == 302

    # Node B never heard of the edit: it reads the documents node A wrote with it.
    text = found_on(b, "ping-pong")
    assert "Ping-pong club de Vinneuf" in text
    assert "Ping-pong club de Vinneuf" in found_on(b, "entrainement mercredi")
    assert "Club de tennis de table" not in found_on(b, "tennis")
    # And B's own index folder holds nothing: there is none to keep in step.
    assert not Path(b.config["SEARCH_INDEX_DIR"]).exists()


def test_an_activity_archived_through_node_b_leaves_node_a(nodes, db):
    a, b = nodes
    org = OrganizationFactory(nom="Les Amis du patrimoine", trusted=True)
    service = ServiceFactory(organization=org, nom="Visites guidées de l'église")
    member = member_of(org)
    db.session.commit()
    assert "Les Amis du patrimoine" in found_on(a, "visites eglise")

    editor = sign_in(b.test_client(), member)
    page = editor.get(f"/gestion/{org.slug}")
    archive = f"/gestion/{org.slug}/activites/{service.id}/archiver"
    assert editor.post(archive, data=form_fields(page.text, archive)).status_code == 302

    text = found_on(a, "visites eglise")
    assert "Les Amis du patrimoine" not in text
    assert "Les Amis du patrimoine" in found_on(a, "amis patrimoine")
