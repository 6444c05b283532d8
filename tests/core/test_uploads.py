"""Uploaded pictures are judged by their content, never by their name or declared type."""

import io

import pytest
from PIL import Image

from directory.core.uploads import PictureError, open_picture

NOT_A_PICTURE = "Ce fichier n'est pas une image."


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, format="PNG")
    return out.getvalue()


def test_a_picture_of_an_accepted_format_is_decoded():
    image = open_picture(png(30, 20), {"PNG"}, NOT_A_PICTURE)
    assert image.size == (30, 20)


def test_a_picture_of_another_format_is_refused_with_the_callers_message():
    with pytest.raises(PictureError, match="n'est pas une image"):
        open_picture(png(30, 20), {"JPEG"}, NOT_A_PICTURE)


def test_text_named_like_a_picture_is_refused():
    with pytest.raises(PictureError, match="n'est pas une image"):
        open_picture(b"<script>alert(1)</script>", {"PNG"}, NOT_A_PICTURE)


def test_a_decompression_bomb_is_refused_before_decoding():
    # 48 million one-bit pixels: a few kilobytes on disk, far more once decoded.
    bomb = png(8000, 6000, mode="1")
    assert len(bomb) < 100_000
    with pytest.raises(PictureError, match="trop grande"):
        open_picture(bomb, {"PNG"}, NOT_A_PICTURE)


def test_checked_content_is_stored_once_under_its_hash(app, db):
    import hashlib

    from directory.core.uploads import CheckedFile, UploadedFile, exists, is_hashed_name, store

    checked = CheckedFile(png(4, 4), "png")
    assert checked.name == f"{hashlib.sha256(checked.content).hexdigest()}.png"
    assert store(checked) == checked.name
    assert store(checked) == checked.name
    db.session.commit()
    assert [f.name for f in db.session.scalars(db.select(UploadedFile))] == [checked.name]
    assert db.session.get(UploadedFile, checked.name).data == checked.content
    assert exists(checked.name) and not exists("0" * 64 + ".png")
    assert is_hashed_name(checked.name, {"png"})
    assert not is_hashed_name(checked.name, {"jpg"})
    for wrong in (None, "", "../" + checked.name, checked.name + "\n", checked.name.upper()):
        assert not is_hashed_name(wrong, {"png"})


def test_a_stored_file_is_served_with_its_hash_as_etag_and_a_year_of_cache(app, client, db):
    from directory.core.uploads import CheckedFile, store

    name = store(CheckedFile(png(6, 6), "png"))
    response = client.get(f"/logos/{name}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data == png(6, 6)
    assert response.headers["ETag"] == f'"{name[:-4]}"'
    cache = response.headers["Cache-Control"]
    assert "public" in cache and "max-age=31536000" in cache and "immutable" in cache
    again = client.get(f"/logos/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get(f"/logos/{'0' * 64}.png").status_code == 404


def test_files_an_older_version_kept_on_disk_are_imported_into_the_database(app, client, db,
                                                                           runner):
    import hashlib
    from pathlib import Path

    content = png(5, 7)
    name = f"{hashlib.sha256(content).hexdigest()}.png"
    folder = Path(app.instance_path) / "logos"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
    (folder / f"{'1' * 64}.png").write_bytes(b"not the content its name says")
    try:
        assert client.get(f"/logos/{name}").status_code == 404
        result = runner.invoke(args=["uploads", "import-files"])
        assert result.exit_code == 0, result.output
        assert "logos : 1 fichier(s) ajouté(s)" in result.output
        assert client.get(f"/logos/{name}").data == content
        assert "logos : 0 fichier(s)" in runner.invoke(args=["uploads", "import-files"]).output
    finally:
        for path in folder.iterdir():
            path.unlink()
