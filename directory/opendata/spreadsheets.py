"""Reading spreadsheet files: encodings (with stray bytes named), separators, header row, XLSX.

What a staff member's spreadsheet really looks like: Excel's « CSV » in Windows-1252, its
« Texte Unicode » in UTF-16 with tabs, a UTF-8 file with one cell pasted from elsewhere, a title
above the header, or the workbook itself.
"""

import csv
import io
from dataclasses import dataclass, field

#: The header is looked for in the first rows (a title or a blank line often comes first).
HEADER_SEARCH_ROWS = 10


@dataclass
class Decoded:
    text: str
    encoding: str
    #: Rows (line numbers) holding bytes that were not UTF-8 in a UTF-8 file.
    stray_lines: list[int] = field(default_factory=list)


def _cp1252_char(byte: int) -> str:
    # Five bytes have no character in Windows-1252: read them as Latin-1.
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


def _utf8_with_fallback(data: bytes) -> tuple[str, list[int]]:
    """UTF-8, each invalid byte read as Windows-1252 (its offsets returned): a stray « é »
    typed in Excel does not turn the file's other accents into « Ã© »."""
    parts, strays, start = [], [], 0
    while True:
        try:
            parts.append(data[start:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            parts.append(data[start:start + error.start].decode("utf-8"))
            for offset in range(start + error.start, start + error.end):
                parts.append(_cp1252_char(data[offset]))
                strays.append(offset)
            start += error.end
    return "".join(parts), strays


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 (Excel's « Texte Unicode », with its BOM), or
    Windows-1252 (Excel's « CSV » in French); UTF-8 with stray Windows-1252 bytes is read byte
    by byte and its rows named, so the report can warn."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16"), "UTF-16")
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0] and data[2]:
        return Decoded(data.decode("utf-16-le", errors="replace"), "UTF-16")
    if len(data) >= 4 and data[0:4:2] == b"\x00\x00" and data[1] and data[3]:
        return Decoded(data.decode("utf-16-be", errors="replace"), "UTF-16")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    text, strays = _utf8_with_fallback(data)
    if len(strays) == sum(1 for b in data if b >= 0x80):
        # Not one UTF-8 sequence: the whole file is Windows-1252.
        return Decoded("".join(_cp1252_char(b) if b >= 0x80 else chr(b) for b in data),
                       "Windows-1252")
    # Row numbers of the stray bytes, counted as csv counts records (a quoted cell may hold a
    # line break): close enough for a warning, exact for ordinary files.
    lines = sorted({data.count(b"\n", 0, offset) + 1 for offset in strays})
    return Decoded(text, "UTF-8", lines)


def _dialect(text: str) -> str:
    head = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    counts = {d: max(line.count(d) for line in head) for d in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ";"


def read_rows(text: str, is_header) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header's row number, the header and the rows after it, each with its row number as
    the spreadsheet shows it (first row = 1): a cell written on several lines stays in one
    row. The header is the first of the first rows for which `is_header(cells)` holds (or, if
    none does, the first row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    records = list(enumerate(reader, start=1))
    return split_header(records, is_header)


def split_header(records: list[tuple[int, list[str]]], is_header):
    header_at = next((n for n, cells in records[:HEADER_SEARCH_ROWS] if is_header(cells)),
                     records[0][0] if records else 0)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for number, cells in records:
        if number == header_at:
            header = [c.strip() for c in cells]
        elif number > header_at and any(c.strip() for c in cells):
            rows.append((number, cells))
    return header_at, header, rows


def read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's rows as text (numbers as the sheet shows them, without « .0 »)."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    records = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for value in values:
            if value is None:
                cells.append("")
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            else:
                cells.append(str(value))
        records.append((number, cells))
    return records
