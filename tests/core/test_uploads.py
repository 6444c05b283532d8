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


def test_checked_content_is_stored_once_under_its_hash(tmp_path):
    import hashlib

    from directory.core.uploads import CheckedFile, is_hashed_name, store

    checked = CheckedFile(png(4, 4), "png")
    assert checked.name == f"{hashlib.sha256(checked.content).hexdigest()}.png"
    folder = tmp_path / "uploads"
    assert store(checked, folder) == checked.name
    assert store(checked, folder) == checked.name
    assert [p.name for p in folder.iterdir()] == [checked.name]
    assert (folder / checked.name).read_bytes() == checked.content
    assert is_hashed_name(checked.name, {"png"})
    assert not is_hashed_name(checked.name, {"jpg"})
    for wrong in (None, "", "../" + checked.name, checked.name + "\n", checked.name.upper()):
        assert not is_hashed_name(wrong, {"png"})
