"""An upload the server cannot write: the form comes back with a French message next to the
file field, what was typed is kept, and no half-written file stays on disk."""

import html
import io
import os
import resource
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from directory.agenda.models import Event
from directory.core.uploads import NOT_WRITTEN
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
def disk_full(limit=4096):
    """Files of this process cannot grow past `limit` bytes, as on a full disk (EFBIG)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@contextmanager
def not_a_folder(folder: Path):
    """The upload folder replaced by a file: nothing can be written there (even as root)."""
    saved = folder.with_name(folder.name + ".saved")
    if folder.exists():
        folder.rename(saved)
    folder.write_text("pas un dossier")
    try:
        yield
    finally:
        folder.unlink()
        if saved.exists():
            saved.rename(folder)


def logo_folder(app) -> Path:
    return Path(app.instance_path) / "logos"


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


@pytest.mark.parametrize("fault", ["disk_full", "not_a_folder"])
def test_a_logo_that_cannot_be_written_keeps_the_form(app, client, db, fault):
    org = OrganizationFactory(nom="Club vidéo", trusted=True)
    sign_in(client, member_of(org))
    folder = logo_folder(app)
    folder.mkdir(exist_ok=True)
    before = files_in(folder)
    form = edit_form(client, org.slug)  # read before the fault: pages themselves still work
    data = fill(form, nom="Club vidéo de Sergines").to_dict(flat=False)
    data["logo"] = (io.BytesIO(noise()), "logo.png")
    with disk_full() if fault == "disk_full" else not_a_folder(folder):
        response = client.post(f"/gestion/{org.slug}", data=data,
                               content_type="multipart/form-data")
    assert response.status_code == 503
    assert MESSAGE in html.unescape(response.text)
    assert 'value="Club vidéo de Sergines"' in response.text  # what was typed is kept
    assert files_in(folder) == before  # no half-written file left behind
    assert reload(org).nom == "Club vidéo" and reload(org).logo is None

    # Space again: the same form, sent again, is saved with its logo.
    fields = fill(form_fields(response.text, f"/gestion/{org.slug}")).to_dict(flat=False)
    fields["logo"] = (io.BytesIO(noise()), "logo.png")
    again = client.post(f"/gestion/{org.slug}", data=fields, content_type="multipart/form-data")
    assert again.status_code == 302, again.text
    assert reload(org).nom == "Club vidéo de Sergines" and reload(org).logo in files_in(folder)


def test_an_event_image_that_cannot_be_written_keeps_the_form(app, client, db):
    from directory.agenda import images
    from tests.agenda.test_manage_pages import TIMED, only_event, post_new, signed_member

    org = signed_member(client)
    with app.test_request_context():
        folder = images.folder()
    folder.mkdir(exist_ok=True)
    before = files_in(folder)
    with disk_full():
        response = post_new(client, org.slug, files={"image": (io.BytesIO(noise()), "a.png")},
                            **TIMED)
    assert response.status_code == 503
    assert MESSAGE in html.unescape(response.text)
    assert 'value="Loto de l\'école"' in html.unescape(response.text)
    assert files_in(folder) == before
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0

    response = post_new(client, org.slug, files={"image": (io.BytesIO(noise()), "a.png")},
                        **TIMED)
    assert response.status_code == 302
    assert only_event(org).image in files_in(folder)


def test_nothing_half_written_stays_in_the_folder(app, tmp_path):
    from directory.core.uploads import CheckedFile, StorageError, store

    checked = CheckedFile(noise(), "png")
    with disk_full(), pytest.raises(StorageError):
        store(checked, tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert store(checked, tmp_path) == checked.name  # and it works once there is room
    shutil.rmtree(tmp_path)
