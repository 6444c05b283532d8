"""The indicators' tables as files: CSV (core/csv.py's spreadsheet dialect) and XLSX."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from directory.core.csv import safe_cell, write_csv

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Excel's limit on a sheet's name, and characters it refuses there.
_SHEET_NAME = 31
_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})


def table_csv(table) -> str:
    return write_csv(table.columns, table.rows)


def _cell(value):
    # Numbers stay numbers; text is neutralised as in the CSV (no formula runs).
    return value if isinstance(value, int | float) else safe_cell(value)


def _sheet(book: Workbook, table, first: bool, title: str, period_label: str):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title.translate(_BAD)[:_SHEET_NAME]
    sheet.append([f"{table.title} · {period_label}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(table.columns)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    sheet.column_dimensions["A"].width = 48
    return sheet


def tables_xlsx(tables: list, period_label: str) -> bytes:
    """One sheet per table, named by the table's key."""
    book = Workbook()
    for index, table in enumerate(tables):
        _sheet(book, table, index == 0, table.key, period_label)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
