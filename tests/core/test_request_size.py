"""Request bodies above MAX_CONTENT_LENGTH are refused before being read, in French."""

import io

from tests.factories import OrganizationFactory


def test_an_oversized_upload_is_refused_with_a_french_page(app, client, db):
    org = OrganizationFactory()
    db.session.commit()
    # A low bound keeps the test's body in memory; the default is 25 Mo.
    default = app.config["MAX_CONTENT_LENGTH"]
    assert default == 25 * 1024 * 1024
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
    assert "Un logo fait 2 Mo au plus" in response.text
    assert f'<a href="/gestion/{org.slug}">Revenir au formulaire</a>' in response.text
    assert 'lang="fr"' in response.text


def test_a_phone_photo_too_big_for_a_logo_is_refused_next_to_the_field(app, client, db):
    from tests.conftest import sign_in
    from tests.factories import member_of
    from tests.htmlforms import fill, form_fields

    org = OrganizationFactory(nom="Club photo")
    sign_in(client, member_of(org))
    page = client.get(f"/gestion/{org.slug}").text
    data = fill(form_fields(page, f"/gestion/{org.slug}"), presentation_resume="Gardé, lui.")
    files = data.to_dict(flat=False)
    # Scaled down (a 100 Ko limit, a 300 Ko photo) so that the test's body stays in memory:
    # what matters is that the body is under MAX_CONTENT_LENGTH and the file over its limit.
    app.config["LOGO_MAX_BYTES"] = 100 * 1024
    try:
        files["logo"] = (io.BytesIO(b"\xff\xd8" + b"x" * 300 * 1024), "IMG_2024.jpg")
        response = client.post(f"/gestion/{org.slug}", data=files,
                               content_type="multipart/form-data")
    finally:
        del app.config["LOGO_MAX_BYTES"]
    assert response.status_code == 422
    assert "Le fichier dépasse 100 Ko" in response.text
    assert "Gardé, lui." in response.text
