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


def test_form_fields_never_carry_none_attributes(client, db):
    """WTForms writes a None keyword as the text « None » (aria-invalid="None": axe, critical)."""
    from tests.conftest import sign_in
    from tests.factories import member_of

    org = OrganizationFactory(nom="Chorale du Val")
    pages = ["/compte/inscription", "/compte/connexion", "/compte/mot-de-passe-oublie",
             "/agenda/proposer"]
    for url in pages:
        assert '="None"' not in client.get(url).text, url
    sign_in(client, member_of(org))
    for url in [f"/gestion/{org.slug}", f"/gestion/{org.slug}/activites/nouvelle",
                f"/gestion/{org.slug}/agenda/nouveau", "/gestion/nouvelle"]:
        page = client.get(url)
        assert page.status_code == 200 and '="None"' not in page.text, url
