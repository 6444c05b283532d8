"""Sessions end on the server at sign-out, get a new CSRF secret at sign-in, and are tied to
the address the proxy saw, not one a client wrote (issue 19.9)."""

from flask import url_for

from directory.accounts.operations import signin_token
from directory.core.extensions import db as _db
from tests.accounts.test_pages import sign_out, signed_in
from tests.conftest import csrf_token, sign_in
from tests.core.test_public_address import (  # noqa: F401  (fixture)
    behind_proxy,
    session_app_keeps_the_job_queue,
)
from tests.factories import UserFactory


def test_a_cookie_copied_before_sign_out_is_dead_after_it(app, client, db):
    sign_in(client, UserFactory())
    copied = client.get_cookie("session").value
    sign_out(client)
    assert not signed_in(client)

    replay = app.test_client()
    replay.set_cookie("session", copied)
    assert not signed_in(replay)


def test_signing_in_again_after_sign_out_works(client, db):
    user = UserFactory()
    sign_in(client, user)
    sign_out(client)
    sign_in(client, user)
    assert signed_in(client)


def test_a_csrf_token_from_before_sign_in_is_refused_after_it(client, db):
    anonymous_token = csrf_token(client.get("/compte/connexion").text)
    sign_in(client, UserFactory())
    # A token read (or planted) in the anonymous session cannot post as the signed-in user.
    response = client.post("/compte/deconnexion", data={"csrf_token": anonymous_token})
    assert response.status_code == 400
    assert signed_in(client)
    assert csrf_token(client.get("/compte/").text) != anonymous_token


def test_a_stolen_cookie_does_not_replay_with_a_forged_forwarded_for(app, db):
    proxied = behind_proxy(app, PROXY_COUNT=1)
    user = UserFactory()
    _db.session.commit()
    # The victim, seen by nginx from 203.0.113.5 (nginx appends the address it saw).
    victim = proxied.test_client()
    victim.environ_base.update(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    with app.test_request_context():
        path = url_for("account.magic_link", token=signin_token(user))
    page = victim.get(path)
    assert victim.post(path, data={"csrf_token": csrf_token(page.text)}).status_code == 302
    assert signed_in(victim)

    # The thief, at 198.51.100.7, writes the victim's address first: nginx appends his own.
    thief = proxied.test_client()
    thief.environ_base.update(REMOTE_ADDR="127.0.0.1",
                              HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7")
    thief.set_cookie("session", victim.get_cookie("session").value)
    assert not signed_in(thief)
    assert signed_in(victim)
    with proxied.app_context():
        _db.engine.dispose()
