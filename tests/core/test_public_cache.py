"""Pages anyone gets alike carry validators a reverse proxy can serve repeats with; pages of a
signed-in person or holding a form's token never go into a shared cache."""

from tests.conftest import sign_in
from tests.factories import OrganizationFactory, UserFactory

PUBLIC = "public, max-age=0, s-maxage=60"


def test_anonymous_pages_carry_an_etag_and_answer_304_until_they_change(client, db):
    org = OrganizationFactory(nom="Foyer rural de Gisy")
    db.session.commit()
    # (The API's answers carry validators of their own, from the data: tests/opendata.)
    for path in ("/", "/annuaire", "/annuaire?q=foyer", f"/annuaire/{org.slug}", "/agenda"):
        first = client.get(path)
        assert first.status_code == 200, path
        assert first.headers["Cache-Control"] == PUBLIC, path
        assert "Cookie" in first.headers["Vary"]
        assert "Set-Cookie" not in first.headers
        etag = first.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", path
        assert again.headers["ETag"] == etag

    page = f"/annuaire/{org.slug}"
    etag = client.get(page).headers["ETag"]
    org.nom = "Foyer rural de Gisy-les-Nobles"
    db.session.commit()
    changed = client.get(page, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Gisy-les-Nobles" in changed.text
    assert changed.headers["ETag"] != etag


def test_a_page_with_a_form_token_is_never_shared(client, db):
    for path in ("/compte/connexion", "/agenda/proposer"):
        first = client.get(path)  # makes the session's token: a cookie is set
        assert first.status_code == 200
        assert "public" not in first.headers.get("Cache-Control", "")
        assert "ETag" not in first.headers
        second = client.get(path)  # the same token again, no cookie set this time
        assert second.headers["Cache-Control"] == "private, no-cache", path
        assert "ETag" not in second.headers and "Cookie" in second.headers["Vary"]


def test_signed_in_pages_carry_no_shared_validators(app, client, db):
    OrganizationFactory(nom="Foyer rural de Gisy")
    db.session.commit()
    member = sign_in(app.test_client(), UserFactory())
    for path in ("/", "/annuaire"):
        response = member.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "ETag" not in response.headers
