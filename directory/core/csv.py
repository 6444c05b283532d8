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
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return "\ufeff" + out.getvalue()
