"""Every staff page and action, walked from the URL map: a member of an organisation and a
professional get 403, an anonymous visitor is sent to sign in. A new route under /moderation
is checked without being listed anywhere."""

import re

import pytest

from tests.conftest import csrf_token

#: Values for the rules' variables: the permission check comes before any loading, so that
#: ids that exist nowhere still get 403 (never 404, which would tell what exists).
VALUES = {"int": "1", "default": "x", "string": "x", "path": "x"}


def staff_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/moderation"):
            yield rule


def build(rule) -> str:
    def value(match):
        converter = match.group(1) or "default"
        name = match.group(2)
        if name == "size":
            return "a4"
        return VALUES.get(converter, "1")

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", value, rule.rule)


def test_there_are_staff_routes_to_walk(app):
    endpoints = {rule.endpoint for rule in staff_rules(app)}
    assert {"staff.home", "moderation.queue", "staff.bulk", "campaigns.remind",
            "editions.delete", "merges.merge", "staff_accounts.index"} <= endpoints


@pytest.mark.parametrize("who", ["member", "professional"])
def test_every_staff_page_and_action_is_refused(app, refused_clients, db, who):
    client = refused_clients[0 if who == "member" else 1]
    token = csrf_token(client.get("/compte/").text)
    checked = 0
    for rule in staff_rules(app):
        path = build(rule)
        if "GET" in rule.methods:
            assert client.get(path).status_code == 403, (who, rule.rule)
            checked += 1
        if "POST" in rule.methods:
            response = client.post(path, data={"csrf_token": token})
            assert response.status_code == 403, (who, rule.rule, response.status_code)
            checked += 1
    assert checked > 40


def test_anonymous_visitors_are_sent_to_sign_in(app, client, db):
    for rule in staff_rules(app):
        if "GET" in rule.methods:
            response = client.get(build(rule))
            assert response.status_code == 302, rule.rule
            assert "/compte/connexion" in response.location
