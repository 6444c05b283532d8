"""An upload the server cannot store: the form comes back with a French message next to the
file field, what was typed is kept, and nothing half-stored stays behind.

Uploads live in the database (every node sees them): the fault is the uploads table refusing
the write, as a full or read-only database does, on SQLite and PostgreSQL alike."""

import html
import io
import os
from contextlib import contextmanager

import pytest
from PIL import Image
from sqlalchemy import func, select, text

from directory.agenda.models import Event
from directory.core.uploads import NOT_WRITTEN, UploadedFile
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, member_of
from tests.htmlforms import fill, form_fields
from tests.listings.test_manage import edit_form, reload

MESSAGE = NOT_WRITTEN.split(" : ")[0]


def noise(size=(400, 300)) -> bytes:
    """A picture that does not compress: its PNG weighs hundreds of kilobytes."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, format="PNG")
    return out.getvalue()


@contextmanager
def storage_refused(db):
    """Every new uploaded file refused by the database (a trigger raising, as a full disk or
    a read-only database would)."""
    postgresql = db.engine.dialect.name == "postgresql"
    db.session.commit()  # the test's own reads would hold a lock the trigger waits for
    with db.engine.begin() as conn:
        if postgresql:
            conn.execute(text(
                "CREATE FUNCTION refuse_upload() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device'; END; "
                "$$ LANGUAGE plpgsql"))
            conn.execute(text("CREATE TRIGGER refuse_upload BEFORE INSERT ON uploaded_files "
                              "FOR EACH ROW EXECUTE FUNCTION refuse_upload()"))
        else:
            conn.execute(text("CREATE TRIGGER refuse_upload BEFORE INSERT ON uploaded_files "
                              "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"))
    try:
        yield
    finally:
        db.session.rollback()  # the failed save's reads, still holding their locks
        with db.engine.begin() as conn:
            if postgresql:
                conn.execute(text("DROP TRIGGER refuse_upload ON uploaded_files"))
                conn.execute(text("DROP FUNCTION refuse_upload()"))
            else:
                conn.execute(text("DROP TRIGGER refuse_upload"))


def stored(db) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(UploadedFile.name)))


def test_a_logo_that_cannot_be_stored_keeps_the_form(app, client, db):
    org = OrganizationFactory(nom="Club vidéo", trusted=True)
    sign_in(client, member_of(org))
    before = stored(db)
    form = edit_form(client, org.slug)  # read before the fault: pages themselves still work
    data = fill(form, nom="Club vidéo de Sergines").to_dict(flat=False)
    data["logo"] = (io.BytesIO(noise()), "logo.png")
    with storage_refused(db):
        response = client.post(f"/gestion/{org.slug}", data=data,
                               content_type="multipart/form-data")
    assert response.status_code == 503
    assert MESSAGE in html.unescape(response.text)
    assert 'value="Club vidéo de Sergines"' in response.text  # what was typed is kept
    assert stored(db) == before  # nothing half-stored
    assert reload(org).nom == "Club vidéo" and reload(org).logo is None

    # Room again: the same form, sent again, is saved with its logo.
    fields = fill(form_fields(response.text, f"/gestion/{org.slug}")).to_dict(flat=False)
    fields["logo"] = (io.BytesIO(noise()), "logo.png")
    again = client.post(f"/gestion/{org.slug}", data=fields, content_type="multipart/form-data")
    assert again.status_code == 302, again.text
    assert reload(org).nom == "Club vidéo de Sergines" and reload(org).logo in stored(db)


def test_an_event_image_that_cannot_be_stored_keeps_the_form(app, client, db):
    from tests.agenda.test_manage_pages import TIMED, only_event, post_new, signed_member

    org = signed_member(client)
    before = stored(db)
    with storage_refused(db):
        response = post_new(client, org.slug, files={"image": (io.BytesIO(noise()), "a.png")},
                            **TIMED)
    assert response.status_code == 503
    assert MESSAGE in html.unescape(response.text)
    assert 'value="Loto de l\'école"' in html.unescape(response.text)
    assert stored(db) == before
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0

    response = post_new(client, org.slug, files={"image": (io.BytesIO(noise()), "a.png")},
                        **TIMED)
    assert response.status_code == 302
    assert only_event(org).image in stored(db)


def test_store_says_why_and_works_once_there_is_room(app, db):
    from directory.core.uploads import CheckedFile, StorageError, store

    checked = CheckedFile(noise(), "png")
    with storage_refused(db), pytest.raises(StorageError):
        store(checked)
    assert checked.name not in stored(db)
    assert store(checked) == checked.name
    assert checked.name in stored(db)
