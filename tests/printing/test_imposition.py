"""Pages placed on sheets: the columns of the quarterly agenda, and the folded A5 booklet."""

import io

import pikepdf
from pypdf import PdfReader

from directory.printing import imposition
from directory.printing.imposition import A4, Part, Placement
from directory.printing.workers import render_part


def test_parts_fill_the_columns_in_order_and_a_cover_takes_a_whole_sheet():
    placements = imposition.plan(
        [Part(1, full=True), Part(3), Part(2), Part(1, new_sheet=True), Part(2)], columns=2)
    assert placements == [
        Placement(0, 0, 0, None),  # the cover: sheet 1, the whole text area
        Placement(1, 0, 1, 0), Placement(1, 1, 1, 1), Placement(1, 2, 2, 0),
        # The next part goes on at the next free column, not on a new sheet.
        Placement(2, 0, 2, 1), Placement(2, 1, 3, 0),
        # A part that starts a sheet leaves the rest of the previous one empty.
        Placement(3, 0, 4, 0),
        Placement(4, 0, 4, 1), Placement(4, 1, 5, 0),
    ]
    assert imposition.sheet_count(placements) == 6


def test_one_column_sheets_take_a_page_each():
    placements = imposition.plan([Part(1, full=True), Part(2), Part(0), Part(1)], columns=1)
    assert [(p.part, p.sheet) for p in placements] == [(0, 0), (1, 1), (1, 2), (3, 3)]


def test_booklet_order_puts_the_first_and_last_pages_on_the_outer_side():
    assert imposition.booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    # Five pages make two sheets: three blank pages at the end, inside the back cover.
    assert imposition.booklet_order(5) == [(None, 0), (1, None), (None, 2), (3, 4)]


def placed_at(data: bytes, sheet: int) -> list[tuple[float, float]]:
    """Where the sheet's content stream draws its Form XObjects: (x, y) of each, in points."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        matrix, spots = None, []
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[sheet]):
            if operator == pikepdf.Operator("cm"):
                matrix = [float(v) for v in operands]
            elif operator == pikepdf.Operator("Do"):
                spots.append((round(matrix[4], 1), round(matrix[5], 1)))
        return spots


def _pdf(pages: list[str], size: str) -> bytes:
    body = "".join(f'<p style="break-before: page">{text}</p>' for text in pages)
    return render_part(f"<style>@page {{ size: {size}; margin: 10mm }}</style>{body}").pdf


def test_compose_draws_each_column_at_its_place_on_the_frame():
    columns = _pdf(["colonne-un", "colonne-deux", "colonne-trois"],
                   f"{A4.column_width}mm {A4.area_height}mm")
    frame = _pdf(["feuille-1", "feuille-2"], "A4")
    placements = imposition.plan([Part(3)], columns=2)
    data = imposition.compose(frame, [columns], placements, A4, {"Title": "Essai"},
                              [("Début", 0)])
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert reader.metadata.title == "Essai"
    assert [item.title for item in reader.outline] == ["Début"]
    first, second = (" ".join(page.extract_text().split()) for page in reader.pages)
    assert first.split() == ["feuille-1", "colonne-un", "colonne-deux"]
    assert second.split() == ["feuille-2", "colonne-trois"]
    # Columns side by side in the text area, below the top margin: 16 mm, then 16 + 85.5 + 7.
    mm = imposition.MM
    assert placed_at(data, 0) == [(round(16 * mm, 1), round(18 * mm, 1)),
                                  (round(108.5 * mm, 1), round(18 * mm, 1))]
    assert placed_at(data, 1) == [(round(16 * mm, 1), round(18 * mm, 1))]


def test_booklet_sides_are_a4_landscape_with_two_pages_each():
    a5 = _pdf([f"page-{n}" for n in range(1, 6)], "A5")
    reader = PdfReader(io.BytesIO(imposition.booklet(a5)))
    assert len(reader.pages) == 4
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)
    sides = [page.extract_text().split() for page in reader.pages]
    assert sides == [["page-1"], ["page-2"], ["page-3"], ["page-4", "page-5"]]
    # Page 1 on the right half of the first side, the (blank) last page on the left; an A5
    # page (148 mm) is a little narrower than half an A4 side (148.5 mm): centred in it.
    booklet = imposition.booklet(a5)
    [(x, _)] = placed_at(booklet, 0)
    assert 0 < x - width / 2 < 1.5
    left, right = (x for x, _ in placed_at(booklet, 3))
    assert 0 < left < 1.5 and 0 < right - width / 2 < 1.5
