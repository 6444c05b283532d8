"""Pre-registration takeover (issue 19.1): registering someone's address before she does gives
no hold on her account once she proves the address is hers."""

from directory.accounts.models import User
from directory.listings.models.membership import Invitation
from tests.accounts.test_pages import PASSWORD, post_form, signed_in, user
from tests.factories import MembershipFactory, OrganizationFactory
from tests.mailserver import link_in

VICTIM = "presidente@asso-exemple.fr"
ATTACKER_PASSWORD = "le mot de passe de l'attaquant"


def register(client, password, name="Quelqu'un"):
    response = post_form(client, "/compte/inscription", {
        "email": VICTIM, "name": name, "password": password, "password_confirm": password})
    assert response.status_code == 200
    return response


def password_works(app, password) -> bool:
    client = app.test_client()
    response = post_form(client, "/compte/connexion", {"email": VICTIM, "password": password})
    return response.status_code == 302 and signed_in(client)


def test_signing_in_by_mailed_link_voids_a_password_set_by_someone_else(app, client, db, mailbox):
    attacker = app.test_client()
    register(attacker, ATTACKER_PASSWORD, "Attaquant")
    assert not password_works(app, ATTACKER_PASSWORD)  # unverified

    # The owner asks for a sign-in link and follows it: the address is proven.
    post_form(client, "/compte/connexion", {"email": VICTIM, "send_link": "y"})
    path = link_in(mailbox.last(VICTIM), "/compte/lien/")
    page = client.get(path)
    response = post_form(client, path, {}, page_path=path)
    assert response.status_code == 302
    account = client.get("/compte/")
    assert account.status_code == 200  # signed in
    assert "pas été gardé" in account.text
    assert user(db, VICTIM).is_verified

    assert not password_works(app, ATTACKER_PASSWORD)
    assert page.status_code == 200


def test_verifying_the_attackers_registration_mail_does_not_keep_his_password(
    app, client, db, mailbox
):
    attacker = app.test_client()
    register(attacker, ATTACKER_PASSWORD)
    # The owner clicks « confirm your address » in the mail the attacker caused.
    response = client.get(link_in(mailbox.last(VICTIM), "/compte/verifier/"))
    assert response.status_code == 200
    assert "Adresse vérifiée" in response.text
    assert "pas été gardé" in response.text
    assert user(db, VICTIM).is_verified
    assert not password_works(app, ATTACKER_PASSWORD)


def test_the_owner_registering_after_the_attacker_gets_her_own_password(
    app, client, db, mailbox
):
    attacker = app.test_client()
    register(attacker, ATTACKER_PASSWORD, "Attaquant")
    register(client, PASSWORD, "Odile Martin")  # not blocked by the earlier registration
    response = client.get(link_in(mailbox.last(VICTIM), "/compte/verifier/"))
    assert response.status_code == 200
    assert "pas été gardé" not in response.text

    assert password_works(app, PASSWORD)
    assert not password_works(app, ATTACKER_PASSWORD)
    assert user(db, VICTIM).name == "Odile Martin"


def test_the_attacker_registering_again_after_the_owner_gains_nothing(app, client, db, mailbox):
    register(client, PASSWORD)
    verification = link_in(mailbox.last(VICTIM), "/compte/verifier/")
    attacker = app.test_client()
    register(attacker, ATTACKER_PASSWORD)  # replaces the pending password...
    client.get(verification)  # ...but the owner's browser did not choose it: voided
    assert not password_works(app, ATTACKER_PASSWORD)
    assert user(db, VICTIM).password_hash is None


def test_an_invitation_is_not_blocked_by_an_unverified_registration(app, client, db, mailbox):
    org = OrganizationFactory(nom="Les Amis du Lavoir")
    inviter = MembershipFactory(organization=org).user
    db.session.add(Invitation(organization=org, email=VICTIM, role="gestionnaire",
                              invited_by_id=inviter.id))
    db.session.commit()
    attacker = app.test_client()
    register(attacker, ATTACKER_PASSWORD)

    from sqlalchemy import select

    from directory.listings import members

    invitation = db.session.scalars(select(Invitation)).one()
    path = f"/compte/invitation/{members.invitation_token(invitation)}"
    response = post_form(client, path, {"name": "Odile", "password": PASSWORD,
                                        "password_confirm": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)
    owner = user(db, VICTIM)
    assert isinstance(owner, User) and owner.is_verified
    assert [o.nom for o in owner.organizations] == ["Les Amis du Lavoir"]
    assert password_works(app, PASSWORD)
    assert not password_works(app, ATTACKER_PASSWORD)
