"""Accounts for the staff: search, roles and memberships, inviting a colleague, deactivation,
and the log of it all; refused to members and professionals."""

from directory.accounts.models import Role, User
from directory.core.extensions import db as _db
from tests.conftest import csrf_token, sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.mailserver import link_in, text_of
from tests.staff.conftest import post_form


def test_staff_pages_and_actions_are_refused_to_members_and_professionals(
        app, refused_clients, db):
    target = MembershipFactory(organization=OrganizationFactory(nom="Club photo"))
    _db.session.commit()
    pages = ["/moderation/comptes/", f"/moderation/comptes/{target.user_id}",
             "/moderation/comptes/journal", "/moderation/comptes/inviter",
             "/moderation/doublons", "/moderation/fiches-archivees", "/moderation/imports/",
             "/moderation/imports/rna", "/moderation/imports/csv"]
    actions = [f"/moderation/comptes/{target.user_id}/role",
               f"/moderation/comptes/{target.user_id}/desactiver",
               f"/moderation/comptes/{target.user_id}/reactiver",
               f"/moderation/comptes/adhesions/{target.id}/retirer",
               "/moderation/comptes/inviter", "/moderation/doublons/fusionner",
               "/moderation/fusions/1/annuler", "/moderation/fiches-archivees/1/restaurer",
               "/moderation/imports/rna"]
    for client in refused_clients:
        token = csrf_token(client.get(f"/annuaire/{target.organization.slug}/signaler").text)
        for path in pages:
            assert client.get(path).status_code == 403, path
        for path in actions:
            assert client.post(path, data={"csrf_token": token}).status_code == 403, path
    assert app.test_client().get("/moderation/comptes/").status_code == 302  # to sign in


def test_staff_find_accounts_with_their_roles_and_memberships(staff_client, db):
    member = MembershipFactory(user=UserFactory(email="tresoriere@club.fr", name="Élodie Roux"),
                               organization=OrganizationFactory(nom="Club de judo"))
    UserFactory(email="pro@ccas.fr", role=Role.PROFESSIONAL)
    _db.session.commit()
    page = staff_client.get("/moderation/comptes/?q=elodie")
    assert "tresoriere@club.fr" in page.text and "Club de judo (Gestionnaire)" in page.text
    assert "pro@ccas.fr" not in page.text
    pros = staff_client.get("/moderation/comptes/?role=professional").text
    assert "pro@ccas.fr" in pros and "tresoriere@club.fr" not in pros
    detail = staff_client.get(f"/moderation/comptes/{member.user_id}").text
    assert "Club de judo" in detail and "Retirer de cette fiche" in detail


def test_inviting_a_colleague_mails_a_link_and_is_logged(app, staff_client, staff, mailbox, db):
    response = post_form(staff_client, "/moderation/comptes/inviter", "/moderation/comptes/inviter",
                         {"email": "Agent@CC-Territoire.fr", "name": "Paul Agent",
                          "role": "moderator"})
    assert response.status_code == 302
    _db.session.expire_all()
    colleague = User.by_email("agent@cc-territoire.fr")
    assert colleague.role == Role.MODERATOR
    mail = mailbox.last("agent@cc-territoire.fr")
    assert "Modérateur (intercommunalité)" in text_of(mail)
    assert "Nadia Modératrice" in text_of(mail)
    link = link_in(mail, "/compte/")
    assert app.test_client().get(link.replace("http://localhost", "")).status_code == 200
    journal = staff_client.get("/moderation/comptes/journal").text
    assert "Invitation dans l&#39;équipe" in journal and "agent@cc-territoire.fr" in journal
    # A moderator cannot make an administrator.
    refused = post_form(staff_client, "/moderation/comptes/inviter", "/moderation/comptes/inviter",
                        {"email": "chef@cc-territoire.fr", "role": "admin"})
    assert refused.status_code == 422
    assert "Seul un administrateur" in refused.text
    assert "chef@cc-territoire.fr" in refused.text  # what was typed is kept
    assert User.by_email("chef@cc-territoire.fr") is None


def test_changing_a_role_and_removing_a_member(app, staff_client, staff, db):
    membership = MembershipFactory(organization=OrganizationFactory(nom="Club de judo"))
    user = membership.user
    _db.session.commit()
    member_client = sign_in(app.test_client(), user)
    assert member_client.get("/gestion/club-de-judo").status_code == 200
    page = f"/moderation/comptes/{user.id}"
    response = post_form(staff_client, page, f"{page}/role", {"role": "professional"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(User, user.id).role == Role.PROFESSIONAL
    removal = f"/moderation/comptes/adhesions/{membership.id}/retirer"
    response = post_form(staff_client, page, removal, {})
    assert response.status_code == 302
    assert member_client.get("/gestion/club-de-judo").status_code == 403
    log = staff_client.get(page).text
    assert "Compte ordinaire (membre d&#39;organisations) → Professionnel" in log
    assert "Retiré de la fiche « Club de judo »" in log
    # Nobody changes their own role.
    own = post_form(staff_client, page, f"/moderation/comptes/{staff.id}/role", {"role": "aucun"})
    assert own.status_code == 403
    assert "votre propre rôle" in own.text


def test_a_deactivated_account_loses_its_sessions_and_links(app, staff_client, mailbox, db):
    user = MembershipFactory(organization=OrganizationFactory(nom="Club de judo")).user
    _db.session.commit()
    member_client = sign_in(app.test_client(), user)
    assert member_client.get("/gestion/club-de-judo").status_code == 200
    # A sign-in link mailed before the deactivation.
    from directory.accounts.operations import signin_token

    link = f"/compte/lien/{signin_token(user)}"
    assert app.test_client().get(link).status_code == 200
    response = post_form(staff_client, f"/moderation/comptes/{user.id}",
                         f"/moderation/comptes/{user.id}/desactiver",
                         {"reason": "A quitté le club"})
    assert response.status_code == 302
    assert member_client.get("/gestion/club-de-judo").status_code == 302  # signed out
    assert app.test_client().get(link).status_code == 400  # the link no longer works
    log = staff_client.get(f"/moderation/comptes/{user.id}").text
    assert "Désactivation du compte" in log and "A quitté le club" in log
    assert "Réactiver le compte" in log
    response = post_form(staff_client, f"/moderation/comptes/{user.id}",
                         f"/moderation/comptes/{user.id}/reactiver", {})
    assert response.status_code == 302
    assert sign_in(app.test_client(), user).get("/gestion/club-de-judo").status_code == 200
