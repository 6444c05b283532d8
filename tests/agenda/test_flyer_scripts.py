"""A PDF flyer's script is found however its names are written (issue 19.6)."""

import io
import zlib

import pikepdf
import pytest

from directory.agenda import images as event_images
from directory.core.uploads import UploadError
from tests.agenda.test_manage_pages import PDF, TIMED, post_new
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, member_of


def pdf_with(catalog_extra: str) -> bytes:
    return PDF.replace(b"/Type /Catalog", b"/Type /Catalog " + catalog_extra.encode())


def saved(build) -> bytes:
    """A real PDF written by pikepdf (object streams, compressed) with `build(pdf)` applied."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    build(pdf)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    pdf.close()
    return out.getvalue()


def open_action_js(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                             JS=pikepdf.String("app.alert(1)"))


@pytest.mark.parametrize("flyer", [
    pdf_with("/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>"),
    pdf_with("/OpenAction << /S /#4Aava#53cript /J#53 (app.alert(1)) >>"),
    pdf_with("/OpenAction << /S /L#61unch /F (calc.exe) >>"),
], ids=["hex-escaped", "all-escaped", "launch"])
def test_escaped_action_names_are_refused_through_the_form(client, db, flyer):
    org = OrganizationFactory()
    sign_in(client, member_of(org))
    response = post_new(client, org.slug, files={"image": (io.BytesIO(flyer), "affiche.pdf")},
                        **TIMED)
    assert response.status_code == 422
    assert "contient des scripts" in response.text


def test_a_script_hidden_in_a_compressed_object_stream_is_refused(db):
    flyer = saved(open_action_js)
    assert b"JavaScript" not in flyer  # compressed: not readable in the raw bytes
    with pytest.raises(UploadError, match="scripts"):
        event_images.check(io.BytesIO(flyer))


def test_a_plain_flyer_is_still_accepted(db):
    assert event_images.check(io.BytesIO(saved(lambda pdf: None))).extension == "pdf"
    assert event_images.check(io.BytesIO(PDF)).extension == "pdf"


def test_a_script_in_a_compressed_stream_of_a_damaged_file_is_refused(db):
    hidden = zlib.compress(b"<< /S /J#61vaScript /JS (app.alert(1)) >>")
    flyer = PDF.replace(b"%%EOF", b"9 0 obj << /Length %d /Filter /FlateDecode >>\nstream\n"
                        % len(hidden) + hidden + b"\nendstream\nendobj\n%%EOF")
    with pytest.raises(UploadError, match="scripts"):
        event_images.check(io.BytesIO(flyer))
