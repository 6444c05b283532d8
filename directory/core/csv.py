"""Spreadsheet CSV: what French Excel and LibreOffice open as is, with no cell run as a formula."""

import csv
import io

#: A spreadsheet runs cells starting with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(header: list[str], rows) -> str:
    """UTF-8 with a BOM, ';' and CRLF; every cell neutralised by `safe_cell`."""
    return "".join(csv_chunks(header, rows))


def csv_chunks(header: list[str], rows, rows_per_chunk: int = 500):
    """The text of `write_csv`, in pieces of `rows_per_chunk` rows (header and BOM first), for
    a response that streams."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + out.getvalue()
    out.seek(0)
    out.truncate()
    for count, row in enumerate(rows, 1):
        writer.writerow([safe_cell(value) for value in row])
        if count % rows_per_chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()
