from tests.factories import OrganizationFactory, commune, theme


def test_home_page_is_french(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "Communauté de communes Yonne Nord" in response.text


def test_organization_links_to_vocabularies(db):
    org = OrganizationFactory(nom="Théâtre des Deux Rives")
    org.themes.append(theme("theatre"))
    org.communes.append(commune("sergines"))
    db.session.commit()
    assert org.themes[0].full_name == "Culture › Théâtre"
    assert org.last_edited_at.tzinfo is not None
