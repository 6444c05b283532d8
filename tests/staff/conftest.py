"""Fixtures of the staff's tools: a moderator signed in, people who must be refused."""

import pytest

from directory.accounts.models import Role
from tests.conftest import csrf_token, sign_in
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.MODERATOR, name="Nadia Modératrice")


@pytest.fixture
def staff_client(app, staff):
    return sign_in(app.test_client(), staff)


@pytest.fixture
def refused_clients(app, db):
    """A member of an organisation and a professional: neither is staff."""
    member = MembershipFactory().user
    professional = UserFactory(role=Role.PROFESSIONAL)
    return [sign_in(app.test_client(), member), sign_in(app.test_client(), professional)]


def post_form(client, page_path: str, action: str, data: dict, **kwargs):
    """Post `data` to `action` with the CSRF token of the page at `page_path`."""
    token = csrf_token(client.get(page_path).text)
    return client.post(action, data={"csrf_token": token, **data}, **kwargs)
