"""`flask demo accounts`: the accounts `make run` prints, usable at once."""

from directory.taxonomy.vocabularies import OrganizationKind, Status
from tests.conftest import csrf_token
from tests.factories import OrganizationFactory


def sign_in(client, email, password):
    page = client.get("/compte/connexion")
    return client.post(
        "/compte/connexion",
        data={"csrf_token": csrf_token(page.text), "email": email, "password": password},
    )


def test_demo_accounts_sign_in_as_printed(runner, client, db):
    OrganizationFactory(nom="Zumba de l'Oreuse", kind=OrganizationKind.ASSOCIATION)
    first = OrganizationFactory(nom="Amicale des randonneurs", kind=OrganizationKind.ASSOCIATION)
    OrganizationFactory(nom="Aaa brouillon", status=Status.DRAFT)
    db.session.commit()

    result = runner.invoke(args=["demo", "accounts"])
    assert result.exit_code == 0, result.output
    assert "admin@exemple.org / demo-admin-yonne-nord" in result.output
    assert "benevole@exemple.org / demo-benevole-yonne-nord" in result.output
    assert "Amicale des randonneurs" in result.output

    # Running it again (every `make run`) creates nothing twice.
    again = runner.invoke(args=["demo", "accounts"])
    assert again.exit_code == 0 and "Amicale des randonneurs" in again.output

    response = sign_in(client, "benevole@exemple.org", "demo-benevole-yonne-nord")
    assert response.status_code == 302
    assert client.get(f"/gestion/{first.slug}").status_code == 200
    client.post("/compte/deconnexion", data={"csrf_token": csrf_token(client.get("/").text)})

    assert sign_in(client, "admin@exemple.org", "demo-admin-yonne-nord").status_code == 302
    assert client.get("/moderation/file").status_code == 200
