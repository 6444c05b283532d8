"""Accounts through the real app: pages, forms with CSRF, mails read from a loopback SMTP server."""

import re
import time

from sqlalchemy import select

from directory.accounts import operations as accounts
from directory.accounts.models import User
from directory.accounts.permissions import can_edit, can_moderate, is_staff
from directory.listings import members
from directory.listings.models.membership import Invitation, Membership
from tests.conftest import csrf_token
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.mailserver import html_of, link_in, text_of

PASSWORD = "une phrase de passe assez longue"


def post_form(client, path, data, page_path=None, **kwargs):
    """GET the page holding the form, then POST it with its CSRF token."""
    page = client.get(page_path or path)
    return client.post(path, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)


def user(db, email) -> User | None:
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).first()


def signed_in(client) -> bool:
    response = client.get("/compte/")
    return response.status_code == 200


# Registration and email verification ----------------------------------------------------------


def test_register_then_verify_then_sign_in_with_password(client, db, mailbox):
    response = post_form(
        client,
        "/compte/inscription",
        {"email": "Claire.Dubois@Exemple.fr ", "name": "Claire Dubois", "password": PASSWORD,
         "password_confirm": PASSWORD},
    )
    assert response.status_code == 200
    assert "Vérifiez votre messagerie" in response.text
    created = user(db, "claire.dubois@exemple.fr")
    assert created is not None and not created.is_verified
    assert created.password_hash.startswith("$argon2id$")
    assert PASSWORD not in created.password_hash

    # Not verified yet: the right password is not enough, a fresh verification mail goes out.
    mail = mailbox.last("claire.dubois@exemple.fr")
    assert mail["Subject"].startswith("Confirmez votre adresse")
    response = post_form(
        client, "/compte/connexion", {"email": "claire.dubois@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "pas encore vérifiée" in response.text
    assert len(mailbox.to("claire.dubois@exemple.fr")) == 2
    assert not signed_in(client)

    response = client.get(link_in(mail, "/compte/verifier/"))
    assert response.status_code == 200
    assert "Adresse vérifiée" in response.text
    assert user(db, "claire.dubois@exemple.fr").is_verified

    response = post_form(
        client, "/compte/connexion", {"email": "CLAIRE.dubois@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/compte/"
    page = client.get("/compte/")
    assert "claire.dubois@exemple.fr" in page.text
    assert "Claire Dubois" in page.text


def test_registration_form_errors_are_french_and_keep_what_was_typed(client, db, mailbox):
    response = post_form(
        client,
        "/compte/inscription",
        {"email": "claire.exemple.fr", "name": "Claire", "password": "court",
         "password_confirm": "autre"},
    )
    assert response.status_code == 400
    assert "adresse électronique n&#39;est pas valide" in response.text
    assert "au moins 12 caractères" in response.text
    assert "ne sont pas identiques" in response.text
    assert 'value="claire.exemple.fr"' in response.text
    assert 'value="Claire"' in response.text
    assert 'value="court"' not in response.text  # passwords are never sent back
    assert mailbox.messages == []
    assert db.session.scalars(select(User)).first() is None


def test_registration_does_not_reveal_whether_an_account_exists(client, db, mailbox):
    UserFactory(email="deja@exemple.fr")
    db.session.commit()

    answers = []
    for email in ("deja@exemple.fr", "nouveau@exemple.fr"):
        response = post_form(
            client, "/compte/inscription", {"email": email, "password": "", "password_confirm": ""}
        )
        answers.append((response.status_code, response.text.replace(email, "EMAIL")))
    assert answers[0] == answers[1]

    # The owner of the existing account is told, by mail only.
    assert "déjà un compte" in mailbox.last("deja@exemple.fr")["Subject"]
    assert "Confirmez" in mailbox.last("nouveau@exemple.fr")["Subject"]
    assert len(db.session.scalars(select(User)).all()) == 2


# Sign-in by emailed link ----------------------------------------------------------------------


def test_sign_in_link_works_once(client, db, mailbox):
    UserFactory(email="benevole@exemple.fr", name="Jean Petit")
    db.session.commit()

    response = post_form(
        client, "/compte/connexion", {"email": "benevole@exemple.fr", "send_link": "1"}
    )
    assert response.status_code == 200
    assert "lien de connexion vient de lui être envoyé" in response.text
    mail = mailbox.last("benevole@exemple.fr")
    assert mail["Subject"].startswith("Votre lien de connexion")
    assert "15 minutes" in text_of(mail)
    assert "Me connecter" in html_of(mail)
    link = link_in(mail, "/compte/lien/")

    # Opening the link (as a mail scanner would) does not sign in; the button does.
    page = client.get(link)
    assert page.status_code == 200
    assert not signed_in(client)
    response = client.post(link, data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert signed_in(client)

    sign_out(client)
    assert not signed_in(client)
    response = client.get(link)
    assert response.status_code == 400
    assert "Lien expiré ou déjà utilisé" in response.text


def test_sign_in_link_expires_after_15_minutes(client, db, mailbox):
    member = UserFactory(email="benevole@exemple.fr")
    db.session.commit()
    old = accounts.signin_token(member, issued_at=int(time.time()) - 16 * 60)
    fresh = accounts.signin_token(member, issued_at=int(time.time()) - 14 * 60)

    assert client.get(f"/compte/lien/{old}").status_code == 400
    assert client.get(f"/compte/lien/{fresh}").status_code == 200


def test_sign_in_link_returns_to_a_local_page_only(client, db, mailbox):
    UserFactory(email="benevole@exemple.fr")
    db.session.commit()
    for next_url, expected in (("/compte/?onglet=1", "/compte/?onglet=1"),
                               ("//ailleurs.example/", "/compte/"),
                               ("https://ailleurs.example/", "/compte/")):
        post_form(
            client,
            f"/compte/connexion?next={next_url}",
            {"email": "benevole@exemple.fr", "send_link": "1"},
        )
        link = link_in(mailbox.last("benevole@exemple.fr"), "/compte/lien/")
        page = client.get(link)
        response = client.post(link, data={"csrf_token": csrf_token(page.text)})
        assert response.headers["Location"] == expected
        sign_out(client)


def test_sign_in_link_form_does_not_reveal_whether_an_account_exists(client, db, mailbox):
    UserFactory(email="connu@exemple.fr")
    db.session.commit()

    answers = []
    for email in ("connu@exemple.fr", "inconnu@exemple.fr"):
        response = post_form(client, "/compte/connexion", {"email": email, "send_link": "1"})
        answers.append((response.status_code, response.text.replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert [m["To"] for m in mailbox.messages] == ["connu@exemple.fr"]


def test_wrong_password_and_unknown_email_get_the_same_answer(client, db, mailbox):
    UserFactory(email="connu@exemple.fr", password=PASSWORD)
    db.session.commit()
    answers = []
    for email in ("connu@exemple.fr", "inconnu@exemple.fr"):
        response = post_form(
            client, "/compte/connexion", {"email": email, "password": "pas le bon mot de passe"}
        )
        text = re.sub(r'name="csrf_token"[^>]*>', "", response.text)  # signed per request
        answers.append((response.status_code, text.replace(email, "EMAIL")))
    assert answers[0][0] == 400
    assert answers[0] == answers[1]
    assert "Adresse électronique ou mot de passe incorrect" in answers[0][1]


def test_sign_in_redirect_stays_on_this_site(client, db):
    UserFactory(email="benevole@exemple.fr", password=PASSWORD)
    db.session.commit()
    for next_url, expected in (("/annuaire/", "/annuaire/"),
                               ("//evil.example/x", "/compte/"),
                               ("https://evil.example/", "/compte/"),
                               ("/\\evil.example", "/compte/")):
        response = post_form(
            client,
            f"/compte/connexion?next={next_url}",
            {"email": "benevole@exemple.fr", "password": PASSWORD},
        )
        assert response.headers["Location"] == expected, next_url
        sign_out(client)


def test_archived_accounts_cannot_sign_in(client, db, mailbox):
    member = UserFactory(email="parti@exemple.fr", password=PASSWORD)
    db.session.commit()
    link = f"/compte/lien/{accounts.signin_token(member)}"
    accounts.archive_user(member)
    db.session.commit()

    response = post_form(
        client, "/compte/connexion", {"email": "parti@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert client.get(link).status_code == 400
    post_form(client, "/compte/connexion", {"email": "parti@exemple.fr", "send_link": "1"})
    assert mailbox.messages == []
    assert user(db, "parti@exemple.fr") is not None  # archived, not deleted


# Password reset -------------------------------------------------------------------------------


def test_password_reset_link_sets_a_new_password_once(client, db, mailbox):
    UserFactory(email="benevole@exemple.fr", password=PASSWORD)
    db.session.commit()

    answers = []
    for email in ("benevole@exemple.fr", "inconnu@exemple.fr"):
        response = post_form(client, "/compte/mot-de-passe-oublie", {"email": email})
        answers.append((response.status_code, response.text.replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert [m["To"] for m in mailbox.messages] == ["benevole@exemple.fr"]
    link = link_in(mailbox.last("benevole@exemple.fr"), "/compte/mot-de-passe/")

    new_password = "un tout nouveau mot de passe"
    response = post_form(client, link, {"password": new_password, "password_confirm": "autre"})
    assert response.status_code == 400
    assert "ne sont pas identiques" in response.text

    response = post_form(client, link, {"password": new_password, "password_confirm": new_password})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(link).status_code == 400  # used up: the password changed

    sign_out(client)
    old = post_form(client, "/compte/connexion",
                    {"email": "benevole@exemple.fr", "password": PASSWORD})
    assert old.status_code == 400
    new = post_form(client, "/compte/connexion",
                    {"email": "benevole@exemple.fr", "password": new_password})
    assert new.status_code == 302


def test_a_password_change_ends_other_sessions(app, client, db, mailbox):
    member = UserFactory(email="benevole@exemple.fr", password=PASSWORD)
    db.session.commit()
    other = app.test_client()
    post_form(other, "/compte/connexion", {"email": "benevole@exemple.fr", "password": PASSWORD})
    assert signed_in(other)

    link = f"/compte/mot-de-passe/{accounts.reset_token(member)}"
    post_form(client, link, {"password": "un tout nouveau mot de passe",
                             "password_confirm": "un tout nouveau mot de passe"})
    assert signed_in(client)
    assert not signed_in(other)


# Invitations ----------------------------------------------------------------------------------


def test_a_member_invites_someone_who_signs_up_and_becomes_member(client, db, mailbox, login_as):
    membership = MembershipFactory(user__email="presidente@exemple.fr",
                                   organization__nom="Les Amis du Patrimoine")
    organization = membership.organization
    login_as(membership.user)

    page = client.get("/compte/")
    assert "Les Amis du Patrimoine" in page.text
    response = post_form(
        client,
        "/compte/inviter",
        {"organization": organization.slug, "email": "Tresorier@Exemple.fr",
         "role": "contributeur"},
        page_path="/compte/",
    )
    assert response.status_code == 302
    mail = mailbox.last("tresorier@exemple.fr")
    assert "Les Amis du Patrimoine" in mail["Subject"]
    link = link_in(mail, "/compte/invitation/")
    sign_out(client)

    page = client.get(link)
    assert page.status_code == 200
    assert "Rejoindre « Les Amis du Patrimoine »" in page.text
    response = client.post(link, data={"csrf_token": csrf_token(page.text), "name": "Paul",
                                       "password": "", "password_confirm": ""})
    assert response.status_code == 302
    account = client.get("/compte/")
    assert "tresorier@exemple.fr" in account.text
    assert "Les Amis du Patrimoine" in account.text

    invitee = user(db, "tresorier@exemple.fr")
    assert invitee.is_verified
    assert [(m.organization.nom, m.role) for m in invitee.memberships] == [
        ("Les Amis du Patrimoine", "contributeur")
    ]
    assert can_edit(invitee, organization)
    sign_out(client)
    assert client.get(link).status_code == 400  # accepted once


def test_an_existing_account_accepts_an_invitation_after_signing_in(client, db, login_as):
    inviter = MembershipFactory(organization__nom="Club de tennis").user
    invitee = UserFactory(email="sportif@exemple.fr")
    organization = inviter.organizations[0]
    invitation = members.invite(organization, invitee.email, "gestionnaire", inviter)
    db.session.commit()
    link = f"/compte/invitation/{members.invitation_token(invitation)}"

    page = client.get(link)
    assert f"/compte/connexion?next={link}" in page.text.replace("%2F", "/")
    login_as(invitee)
    response = post_form(client, link, {})
    assert response.status_code == 302
    assert user(db, "sportif@exemple.fr").organizations == [organization]
    assert db.session.scalars(select(Invitation)).one().accepted_at is not None


def test_only_members_can_invite(client, db, login_as):
    outsider = UserFactory()
    OrganizationFactory()
    login_as(outsider)
    assert "Inviter un membre" not in client.get("/compte/").text
    response = post_form(client, "/compte/inviter",
                         {"organization": "x", "email": "a@exemple.fr", "role": "gestionnaire"},
                         page_path="/compte/")
    assert response.status_code == 403
    assert db.session.scalars(select(Membership)).all() == []


# Sessions, CSRF, rate limits ------------------------------------------------------------------


def sign_out(client):
    page = client.get("/compte/")
    if page.status_code == 200:
        response = client.post("/compte/deconnexion", data={"csrf_token": csrf_token(page.text)})
        assert response.status_code == 302


def test_sign_out_is_post_only(client, db, login_as):
    login_as(UserFactory())
    assert client.get("/compte/deconnexion").status_code == 405
    assert signed_in(client)
    sign_out(client)
    assert not signed_in(client)


def test_a_session_cookie_replayed_from_elsewhere_is_not_signed_in(app, client, db, login_as):
    login_as(UserFactory())
    cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.environ_base["REMOTE_ADDR"] = "192.0.2.66"
    thief.set_cookie("session", cookie.value)
    assert not signed_in(thief)
    assert signed_in(client)


def test_anonymous_pages_leave_the_session_alone(client, db):
    client.get("/compte/connexion")
    response = client.get("/compte/connexion")
    assert response.headers.getlist("Set-Cookie") == []


def test_my_account_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/compte/connexion?next=")


def test_forms_without_csrf_token_are_refused(client, db, mailbox):
    UserFactory(email="benevole@exemple.fr", password=PASSWORD)
    db.session.commit()
    response = client.post(
        "/compte/connexion", data={"email": "benevole@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.text
    assert not signed_in(client)
    response = client.post("/compte/inscription", data={"email": "nouveau@exemple.fr"})
    assert response.status_code == 400
    assert user(db, "nouveau@exemple.fr") is None
    assert mailbox.messages == []


def test_sign_in_is_rate_limited_per_address_with_a_french_page(client, db):
    UserFactory(email="cible@exemple.fr", password=PASSWORD)
    db.session.commit()
    for _ in range(5):
        response = post_form(client, "/compte/connexion",
                             {"email": "cible@exemple.fr", "password": "essai au hasard"})
        assert response.status_code == 400
    response = post_form(client, "/compte/connexion",
                         {"email": "cible@exemple.fr", "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert not signed_in(client)


def test_sign_in_is_rate_limited_per_email_across_addresses(app, client, db):
    UserFactory(email="cible@exemple.fr", password=PASSWORD)
    db.session.commit()
    statuses = []
    for n in range(6):
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"
        response = post_form(other, "/compte/connexion",
                             {"email": "cible@exemple.fr", "password": "essai au hasard"})
        statuses.append(response.status_code)
    assert statuses == [400] * 5 + [429]
    # Someone else, from yet another address, is not held back.
    response = post_form(client, "/compte/connexion",
                         {"email": "autre@exemple.fr", "password": "essai au hasard"})
    assert response.status_code == 400


def test_sign_in_link_and_registration_forms_are_rate_limited(client, db, mailbox):
    for _ in range(5):
        post_form(client, "/compte/mot-de-passe-oublie", {"email": "x@exemple.fr"})
    response = post_form(client, "/compte/mot-de-passe-oublie", {"email": "x@exemple.fr"})
    assert response.status_code == 429
    for n in range(5):
        post_form(client, "/compte/inscription",
                  {"email": f"n{n}@exemple.fr", "password": "", "password_confirm": ""})
    response = post_form(client, "/compte/inscription",
                         {"email": "n9@exemple.fr", "password": "", "password_confirm": ""})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert user(db, "n9@exemple.fr") is None


def test_session_cookie_is_httponly_lax_and_secure_over_https(app, client, db):
    UserFactory(email="benevole@exemple.fr", password=PASSWORD)
    db.session.commit()
    response = post_form(client, "/compte/connexion",
                         {"email": "benevole@exemple.fr", "password": PASSWORD})
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    page = app.test_client().get("/compte/connexion", base_url="https://localhost")
    cookie = session_cookie(page)
    assert "Secure" in cookie and "HttpOnly" in cookie


def session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


# Command line and permissions -----------------------------------------------------------------


def test_cli_creates_an_admin_who_can_sign_in(client, runner, db):
    result = runner.invoke(
        args=["users", "create", "Admin@CC-Yonne-Nord.fr", "--role", "admin",
              "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert "Administrateur créé pour admin@cc-yonne-nord.fr" in result.output
    assert "/compte/connexion" in result.output
    admin = user(db, "admin@cc-yonne-nord.fr")
    assert admin.role == "admin" and admin.is_verified
    assert admin.password_hash.startswith("$argon2id$")
    assert is_staff(admin) and can_moderate(admin)

    response = post_form(client, "/compte/connexion",
                         {"email": "admin@cc-yonne-nord.fr", "password": PASSWORD})
    assert response.status_code == 302
    assert "Administrateur" in client.get("/compte/").text

    again = runner.invoke(args=["users", "create", "admin@cc-yonne-nord.fr"])
    assert again.exit_code != 0
    assert "existe déjà" in again.output


def test_cli_creates_a_member_who_signs_in_by_link(runner, db):
    organization = OrganizationFactory(nom="Comité des fêtes de Michery")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "comite@exemple.fr", "--organization",
                                 organization.slug])
    assert result.exit_code == 0, result.output
    assert "Recevoir un lien de connexion" in result.output
    member = user(db, "comite@exemple.fr")
    assert member.password_hash is None and member.role is None
    assert member.organizations == [organization]
    assert not is_staff(member) and not can_moderate(member)

    missing = runner.invoke(args=["users", "create", "x@exemple.fr", "--organization", "nulle"])
    assert missing.exit_code != 0
    assert user(db, "x@exemple.fr") is None


def test_permissions(db):
    member = MembershipFactory().user
    organization = member.organizations[0]
    other = OrganizationFactory()
    moderator = UserFactory(role="moderator")
    professional = UserFactory(role="professional")
    db.session.commit()

    assert can_edit(member, organization) and not can_edit(member, other)
    assert can_edit(moderator, other) and can_moderate(moderator) and is_staff(moderator)
    assert not can_edit(professional, organization) and not is_staff(professional)
    accounts.archive_user(member)
    assert not can_edit(member, organization)


def test_registering_again_before_verifying_sends_a_new_verification_link(client, db, mailbox):
    UserFactory(email="distrait@exemple.fr", email_verified_at=None)
    db.session.commit()
    post_form(client, "/compte/inscription",
              {"email": "distrait@exemple.fr", "password": "", "password_confirm": ""})
    mail = mailbox.last("distrait@exemple.fr")
    assert mail["Subject"].startswith("Confirmez votre adresse")
    assert client.get(link_in(mail, "/compte/verifier/")).status_code == 200
    assert user(db, "distrait@exemple.fr").is_verified


def test_cli_archives_an_account_which_then_cannot_sign_in(client, runner, db):
    UserFactory(email="ancien@exemple.fr", password=PASSWORD)
    db.session.commit()
    result = runner.invoke(args=["users", "archive", "ancien@exemple.fr"])
    assert result.exit_code == 0, result.output
    archived = user(db, "ancien@exemple.fr")
    assert archived is not None and archived.archived_at is not None
    response = post_form(client, "/compte/connexion",
                         {"email": "ancien@exemple.fr", "password": PASSWORD})
    assert response.status_code == 400
