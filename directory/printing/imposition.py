"""Placing laid-out pages on printed sheets (pikepdf): columns on a page, and A5 booklets.

A long edition is laid out as column-sized pages, in parts rendered at once
(printing.workers). `plan` places those pages in the columns of the sheets, in reading order;
`compose` draws each as a Form XObject (vector, text kept) on a sheet whose running header and
page number come from a separate "frame" document. WeasyPrint's own multi-column layout lays
every page out twice or more, and cannot be split across processes.
"""

import io
from contextlib import ExitStack
from dataclasses import dataclass

import pikepdf

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Geometry:
    """A sheet (mm): its size, its margins, and how many columns its text area holds."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float
    columns: int
    gap: float

    @property
    def area_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def area_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def column_width(self) -> float:
        return (self.area_width - (self.columns - 1) * self.gap) / self.columns

    def slot(self, column: int | None) -> pikepdf.Rectangle:
        """The rectangle (points, from the bottom left) of a column, or of the whole area."""
        if column is None:
            left, width = self.left, self.area_width
        else:
            left = self.left + column * (self.column_width + self.gap)
            width = self.column_width
        bottom = self.bottom
        return pikepdf.Rectangle(left * MM, bottom * MM, (left + width) * MM,
                                 (bottom + self.area_height) * MM)


#: A4 portrait, two columns of 85.5 mm; A5, one column.
A4 = Geometry(210, 297, 20, 16, 18, 16, columns=2, gap=7)
A5 = Geometry(148, 210, 14, 11, 13, 11, columns=1, gap=0)
GEOMETRIES = {"a4": A4, "a5": A5}


@dataclass(frozen=True)
class Part:
    """A laid-out part: its page count, and how it is placed.

    `full`: its pages span the whole text area (a cover), one per sheet. Otherwise its pages
    are columns; `new_sheet` starts it on a fresh sheet, else at the next free column.
    """

    page_count: int
    full: bool = False
    new_sheet: bool = False


@dataclass(frozen=True)
class Placement:
    part: int
    page: int
    sheet: int  # from 0
    column: int | None  # None: the whole text area


def plan(parts: list[Part], columns: int) -> list[Placement]:
    """Where every page of every part goes, parts in order, columns filled left to right."""
    placements: list[Placement] = []
    sheet, column = 0, 0  # the next free column
    for index, part in enumerate(parts):
        if part.page_count == 0:
            continue
        if (part.full or part.new_sheet) and column:
            sheet, column = sheet + 1, 0
        for page in range(part.page_count):
            if part.full:
                placements.append(Placement(index, page, sheet, None))
                sheet += 1
                continue
            placements.append(Placement(index, page, sheet, column))
            column += 1
            if column == columns:
                sheet, column = sheet + 1, 0
    return placements


def sheet_count(placements: list[Placement]) -> int:
    return max((p.sheet for p in placements), default=-1) + 1


def compose(frame: bytes, parts: list[bytes], placements: list[Placement],
            geometry: Geometry, metadata: dict[str, str] | None = None,
            outline: list[tuple[str, int]] | None = None) -> bytes:
    """Draw the parts' pages on the frame's sheets (one frame page per sheet, in order).

    `outline`: (title, sheet from 0) bookmarks for the PDF reader's side panel.
    """
    with ExitStack() as stack:
        sheets = stack.enter_context(pikepdf.open(io.BytesIO(frame)))
        needed = sheet_count(placements)
        if len(sheets.pages) < needed:
            raise ValueError(f"the frame has {len(sheets.pages)} sheets, {needed} are needed")
        del sheets.pages[needed:]
        sources = [stack.enter_context(pikepdf.open(io.BytesIO(data))) for data in parts]
        for p in placements:
            sheets.pages[p.sheet].add_overlay(sources[p.part].pages[p.page],
                                              geometry.slot(p.column), shrink=False,
                                              expand=False)
        for key, value in (metadata or {}).items():
            sheets.docinfo[f"/{key}"] = value
        if outline:
            with sheets.open_outline() as tree:
                tree.root.extend(pikepdf.OutlineItem(title, sheet) for title, sheet in outline)
        return _save(sheets)


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def booklet_order(page_count: int) -> list[tuple[int | None, int | None]]:
    """Pairs of pages (left, right) for each side of the folded sheets of a saddle-stitched
    booklet, from the outer sheet in; None is a blank page (the count is padded to 4s).

    Eight pages: (8, 1), (2, 7), (6, 3), (4, 5), counting from 1.
    """
    total = -(-page_count // 4) * 4
    pairs = []
    for sheet in range(total // 4):
        outer_left, outer_right = total - 2 * sheet, 1 + 2 * sheet
        inner_left, inner_right = 2 + 2 * sheet, total - 1 - 2 * sheet
        pairs += [(outer_left, outer_right), (inner_left, inner_right)]
    return [tuple(n - 1 if n <= page_count else None for n in pair) for pair in pairs]


def booklet(data: bytes) -> bytes:
    """A5 pages two by two on A4 landscape sides, in booklet order: printed on both sides
    (flip on the short edge), stacked, folded and stapled, they read in order."""
    width, height = 297 * MM, 210 * MM
    halves = (pikepdf.Rectangle(0, 0, width / 2, height),
              pikepdf.Rectangle(width / 2, 0, width, height))
    with pikepdf.open(io.BytesIO(data)) as source, pikepdf.new() as out:
        for pair in booklet_order(len(source.pages)):
            side = out.add_blank_page(page_size=(width, height))
            for number, rect in zip(pair, halves, strict=True):
                if number is not None:
                    side.add_overlay(source.pages[number], rect)
        for key in ("/Title", "/Author", "/Creator", "/Producer"):
            if key in source.docinfo:
                out.docinfo[key] = source.docinfo[key]
        return _save(out)
