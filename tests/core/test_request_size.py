"""Request bodies above MAX_CONTENT_LENGTH are refused before being read, in French."""

import io

from tests.factories import OrganizationFactory


def test_an_oversized_upload_is_refused_with_a_french_page(app, client, db):
    org = OrganizationFactory()
    db.session.commit()
    # A low bound keeps the test's body in memory; the default is 5 Mo.
    default = app.config["MAX_CONTENT_LENGTH"]
    assert default == 5 * 1024 * 1024
    app.config["MAX_CONTENT_LENGTH"] = 50 * 1024
    try:
        response = client.post(
            f"/gestion/{org.slug}",
            data={"logo": (io.BytesIO(b"x" * 60 * 1024), "logo.png")},
            content_type="multipart/form-data",
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = default
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.text
    assert 'lang="fr"' in response.text
