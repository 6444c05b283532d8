"""Files uploaded with a proposal that is never confirmed do not stay on disk (issue 19.5)."""

import io
from datetime import timedelta

from sqlalchemy import select

from directory.agenda.models import Event, EventProposal
from directory.agenda.proposal_tokens import CONFIRM_MAX_AGE
from directory.core.extensions import db as _db
from directory.core.uploads import UploadedFile
from tests.agenda.test_manage_pages import picture
from tests.agenda.test_propose_pages import confirm, proposal_data
from tests.conftest import csrf_token
from tests.factories import OrganizationFactory


def files(app) -> set[str]:
    with app.app_context():
        return set(_db.session.scalars(select(UploadedFile.name)))


def propose_with_image(client, org, size, **values):
    page = client.get("/agenda/proposer")
    data = proposal_data(csrf_token(page.text), organization=str(org.id), **values)
    data["image"] = (io.BytesIO(picture("PNG", size)), "affiche.png")
    response = client.post("/agenda/proposer", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    return response


def test_the_image_of_an_expired_unconfirmed_proposal_is_removed(app, client, db, mailbox):
    org = OrganizationFactory(nom="Comité des fêtes de Cuy")
    db.session.commit()
    before = files(app)
    propose_with_image(client, org, (43, 37))
    abandoned = files(app) - before
    assert len(abandoned) == 1
    # The link was never followed; its time is up.
    proposal = db.session.scalars(select(EventProposal)).one()
    proposal.created_at -= timedelta(seconds=CONFIRM_MAX_AGE + 60)
    db.session.commit()

    propose_with_image(client, org, (47, 29), email="autre@exemple.org")  # purges meanwhile
    assert confirm(client, mailbox, "autre@exemple.org").status_code == 200
    db.session.expire_all()
    assert not abandoned & files(app)  # gone
    event = db.session.scalars(select(Event)).one()
    assert event.image in files(app)  # the confirmed one's stays
