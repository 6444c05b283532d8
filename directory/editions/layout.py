"""The quarterly agenda: quarters, the edition's content (a JSON snapshot), its layout and outputs.

`build_content` turns events and the staff's choices into plain data: that is what a finalised
edition freezes, and every output (HTML preview, PDF A4 and A5, DOCX, CSV) is made from it
alone, so a finalised edition prints the same whatever happens to the events afterwards.

Repeating events are printed once, in a "Rendez-vous réguliers" section grouped by commune,
with their dates summed up: placed at their first date they would crowd the first week of the
quarter and be missed by whoever reads March; a section of their own reads like a timetable.
A repeating event with a single date in the quarter is printed at that date like any other.
Cancelled events (and cancelled dates of a series) are left out: the paper reaches readers
weeks later and a cancelled line only takes room.
"""

import io
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

from flask import current_app, has_request_context, render_template

from directory.agenda.recurrence import describe_rrule, occurrences
from directory.core.csv import write_csv
from directory.core.dates import PARIS, clock_fr, date_fr, day_fr, month_fr, paris_day
from directory.core.sanitize import render_markdown
from directory.core.text import french_order, markdown_to_text, without_place_name
from directory.printing import imposition
from directory.printing.imposition import GEOMETRIES
from directory.printing.qr import edition_code, qr_png_data_uri, qr_print_src, scan_url
from directory.printing.workers import Batch, RenderedPart, default_workers, render_part
from directory.taxonomy.vocabularies import EventStatus, Fees

CONTENT_VERSION = 1
#: An event's own description is cut to this length when no print text was written.
DEFAULT_TEXT_LENGTH = 200
STATUS_MARKS = {EventStatus.FULL: "Complet", EventStatus.POSTPONED: "Reporté"}
#: "livret": the A5 pages imposed two by two on A4 sheets, to print on both sides and fold.
PAGE_SIZES = ("a4", "a5", "livret")
#: Highlighted events named on the cover; the others are boxed in the listing all the same.
COVER_HIGHLIGHTS = 12


# Quarters -------------------------------------------------------------------------------------


def quarter_days(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next one (excluded)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1 to 4")
    first = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, following


def quarter_window(year: int, quarter: int) -> tuple[datetime, datetime]:
    """The quarter as aware datetimes, Paris midnight to Paris midnight."""
    first, following = quarter_days(year, quarter)
    return (datetime.combine(first, time(0), tzinfo=PARIS),
            datetime.combine(following, time(0), tzinfo=PARIS))


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def default_title(year: int, quarter: int) -> str:
    """'Janvier – mars 2027'."""
    return f"{month_fr(3 * quarter - 2).capitalize()} – {month_fr(3 * quarter)} {year}"


# French formatting ----------------------------------------------------------------------------


def dates_list_fr(days: list[date]) -> str:
    """'le 6 janvier', 'les 6 janvier, 13 février et 20 mars'."""
    names = [day_fr(d) for d in days]
    if len(names) == 1:
        return f"le {names[0]}"
    return "les " + ", ".join(names[:-1]) + " et " + names[-1]


def shorten(text: str, length: int = DEFAULT_TEXT_LENGTH) -> str:
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


# Content --------------------------------------------------------------------------------------


def _last_day(occurrence, all_day: bool) -> date:
    """The last day an occurrence covers (all-day ends are exclusive)."""
    if all_day:
        return occurrence.end - timedelta(days=1)
    end = occurrence.end.astimezone(PARIS)
    # An evening ending at midnight belongs to its day.
    return (end - timedelta(seconds=1)).date() if end.time() == time(0) else end.date()


def time_label(occurrence, all_day: bool, shown_day: date) -> str:
    """'18 h 30 – 20 h', 'Toute la journée', 'Jusqu'au 12 janvier', '20 h, jusqu'au 3 mars'."""
    last = _last_day(occurrence, all_day)
    if all_day:
        return "Toute la journée" if last <= shown_day else f"Jusqu'au {day_fr(last)}"
    start = clock_fr(occurrence.start)
    if last <= shown_day:
        if occurrence.end == occurrence.start:
            return start
        return f"{start} – {clock_fr(occurrence.end)}"
    if paris_day(occurrence.start) < shown_day:
        return f"Jusqu'au {day_fr(last)}"
    return f"{start}, jusqu'au {day_fr(last)}"


def price_label(event) -> str:
    details = (event.price_details or "").strip()
    if event.frais == Fees.FREE:
        return f"Gratuit ({details})" if details and "gratuit" not in details.lower() else (
            details or "Gratuit")
    return details or "Payant"


def place_label(event) -> str:
    """Where, without the commune (printed beside it)."""
    if event.place is not None:
        text = ", ".join(p for p in (event.place.name, event.place.adresse) if p)
    else:
        text = event.address or ""
    return without_place_name(text, commune_name(event))


def commune_name(event) -> str:
    if event.commune is not None:
        return event.commune.name
    if event.place is not None:
        return event.place.commune.name
    return ""


def _strip_end(rule: str) -> str:
    return ";".join(p for p in rule.split(";") if not p.upper().startswith(("UNTIL=", "COUNT=")))


def series_summary(event, days: list[date], window: tuple[datetime, datetime]) -> str:
    """'tous les mardis du 6 janvier au 31 mars', with 'sauf le …' / 'et le …' for exceptions.

    `days` are the (Paris) days of the series' dates printed in the quarter, in order.
    """
    if not event.rrule:
        return dates_list_fr(days)
    text = describe_rrule(_strip_end(event.rrule), days[0])
    if text == "à dates répétées":
        return dates_list_fr(days)
    # The rule alone, without extra or removed dates nor changed occurrences.
    bare = SimpleNamespace(
        all_day=event.all_day, start_date=event.start_date, end_date=event.end_date,
        starts_at=event.starts_at, ends_at=event.ends_at, rrule=event.rrule, rdates=[],
        exdates=[], overrides=[], public_status=EventStatus.SCHEDULED, title=event.title,
        is_recurring=True,
    )
    start = datetime.combine(days[0], time(0), tzinfo=PARIS)
    end = datetime.combine(days[-1] + timedelta(days=1), time(0), tzinfo=PARIS)
    expected = {paris_day(o.start) for o in occurrences(bare, max(start, window[0]),
                                                      min(end, window[1]))}
    actual = set(days)
    text += f" du {day_fr(days[0])} au {day_fr(days[-1])}"
    missing = sorted(expected - actual)
    extra = sorted(actual - expected)
    if missing:
        text += ", sauf " + dates_list_fr(missing)
    if extra:
        text += ", et " + dates_list_fr(extra)
    return text


def build_entry(event, item, window: tuple[datetime, datetime], url: str) -> dict | None:
    """One event as printed, or None when nothing of it is printed in the quarter."""
    if event.is_cancelled:
        return None
    found = [o for o in occurrences(event, *window) if not o.is_cancelled]
    if not found:
        return None
    first_day = max(paris_day(found[0].start), window[0].date())
    days = sorted({max(paris_day(o.start), window[0].date()) for o in found})
    regular = event.is_recurring and len(found) > 1
    custom = item.print_description if item is not None else None
    description = custom.strip() if custom and custom.strip() else shorten(
        markdown_to_text(event.description, one_paragraph=True))
    notes = [f"{day_fr(paris_day(o.start))} : {o.note}" for o in found if o.note]
    return {
        "event_id": event.id,
        "url": url,
        "title": found[0].title if not regular else event.title,
        "description": description,
        "organization": event.organization.nom,
        "commune": commune_name(event),
        "place": place_label(event),
        "price": price_label(event),
        "mark": STATUS_MARKS.get(event.public_status, ""),
        "highlighted": bool(item is not None and item.highlighted),
        "regular": regular,
        "summary": series_summary(event, days, window) if regular else "",
        "notes": notes,
        "day": first_day.isoformat(),
        "days": [d.isoformat() for d in days],
        "time": time_label(found[0], event.all_day, first_day),
    }


def build_content(edition, entries, territory: dict, url_for_event) -> dict:
    """The whole edition as plain data (JSON-ready); `entries` are (event, item or None)."""
    window = quarter_window(edition.year, edition.quarter)
    printed = []
    for event, item in entries:
        if item is not None and not item.included:
            continue
        entry = build_entry(event, item, window, url_for_event(event))
        if entry is not None:
            printed.append(entry)
    printed.sort(key=lambda e: (e["day"], e["time"], e["title"].lower(), e["event_id"]))
    return {
        "version": CONTENT_VERSION,
        "title": edition.title,
        "year": edition.year,
        "quarter": edition.quarter,
        "territory": territory["name"],
        "territory_short": territory.get("short_name") or territory["name"],
        "editorial": edition.editorial or "",
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "entries": printed,
    }


# Layout ---------------------------------------------------------------------------------------


@dataclass
class Day:
    day: date
    label: str
    entries: list[dict] = field(default_factory=list)


@dataclass
class Month:
    label: str
    anchor: str
    days: list[Day] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(day.entries) for day in self.days)


@dataclass
class Layout:
    months: list[Month]
    #: (commune or "Autres lieux", entries) for the repeating events.
    regular: list[tuple[str, list[dict]]]
    #: (name, entries) sorted by name, entries in printed order.
    by_commune: list[tuple[str, list[dict]]]
    by_organization: list[tuple[str, list[dict]]]


def layout(content: dict) -> Layout:
    """Dated events by month then day, repeating ones by commune, and both indexes."""
    months: list[Month] = []
    regular: dict[str, list[dict]] = {}
    printed_order: list[dict] = []
    for entry in content["entries"]:
        if entry["regular"]:
            regular.setdefault(entry["commune"] or "Autres lieux", []).append(entry)
            continue
        day = date.fromisoformat(entry["day"])
        month_label = f"{month_fr(day.month).capitalize()} {day.year}"
        if not months or months[-1].label != month_label:
            months.append(Month(month_label, f"mois-{day.year}-{day.month:02d}"))
        month = months[-1]
        if not month.days or month.days[-1].day != day:
            month.days.append(Day(day, date_fr(day, "EEEE d MMMM").capitalize()))
        month.days[-1].entries.append(entry)
        printed_order.append(entry)
    regular_groups = [
        (name, sorted(items, key=lambda e: french_order(e["title"])))
        for name, items in sorted(regular.items(), key=lambda kv: french_order(kv[0]))
    ]
    for _, items in regular_groups:
        printed_order.extend(items)

    def index(key: str) -> list[tuple[str, list[dict]]]:
        groups: dict[str, list[dict]] = {}
        for entry in printed_order:
            groups.setdefault(entry[key] or "Lieu à préciser", []).append(entry)
        return sorted(groups.items(), key=lambda kv: french_order(kv[0]))

    return Layout(months, regular_groups, index("commune"), index("organization"))


# Outputs --------------------------------------------------------------------------------------


def highlights(content: dict) -> list[dict]:
    """The highlighted events, for the cover: when, title, commune."""
    lines = []
    for entry in content["entries"]:
        if not entry["highlighted"]:
            continue
        day = date.fromisoformat(entry["day"])
        when = entry["summary"] if entry["regular"] else (
            f"{date_fr(day, 'EEEE d MMMM')}, {entry['time']}")
        lines.append({"when": when[:1].upper() + when[1:], "title": entry["title"],
                      "commune": entry["commune"]})
    return lines


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+")


def editorial_markdown(text: str | None) -> str:
    """The editorial as the staff type it, made ready for the shared Markdown renderer: its
    headings (#, ##) become the levels the page allows under « Éditorial » (h3, h4), and a list
    right under a line of text starts its own block, as people expect."""
    lines, previous = [], ""
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading:
            level = "###" if len(heading.group(1)) == 1 else "####"
            lines += ["", f"{level} {heading.group(2)}", ""]
            previous = ""
            continue
        if _LIST_ITEM.match(line) and previous.strip() and not _LIST_ITEM.match(previous):
            lines.append("")
        lines.append(line)
        previous = line
    return "\n".join(lines).strip()


def render_editorial(text: str | None):
    return render_markdown(editorial_markdown(text))


def editorial_blocks(text: str | None) -> list[tuple[str, str]]:
    """The editorial as (kind, text) blocks for the DOCX: "heading", "bullet", "number" or
    "paragraph"."""
    blocks = []
    for part in re.split(r"\n\s*\n", editorial_markdown(text)):
        if not part.strip():
            continue
        if part.startswith("#"):
            blocks.append(("heading", part.lstrip("#").strip()))
            continue
        items = part.split("\n")
        if all(_LIST_ITEM.match(i) for i in items if i.strip()):
            numbered = bool(re.match(r"^\s{0,3}\d", items[0]))
            blocks += [("number" if numbered else "bullet",
                        markdown_to_text(_LIST_ITEM.sub("", i), one_paragraph=True))
                       for i in items if i.strip()]
            continue
        blocks.append(("paragraph", markdown_to_text(part, one_paragraph=True)))
    return blocks


def _template(name: str, **context) -> str:
    if not has_request_context():
        # url_for('static') must stay relative for the PDF fetcher (CLI, benchmark).
        with current_app.test_request_context():
            return render_template(name, **context)
    return render_template(name, **context)


def _render(content: dict, page_size: str, part: str, qr, plan: Layout | None = None,
            **context) -> str:
    if page_size not in GEOMETRIES:
        raise ValueError(f"unknown page size {page_size!r}")
    context.setdefault("pages", None)
    lines = highlights(content)
    # Each code says it was printed in this edition (scans are counted by the observatory).
    edition = edition_code("agenda", f"{content['year']}-t{content['quarter']}")
    return _template(
        "print/quarterly.html", content=content, layout=plan or layout(content),
        page_size=page_size, editorial=render_editorial(content["editorial"]),
        highlights=lines[:COVER_HIGHLIGHTS], more_highlights=len(lines[COVER_HIGHLIGHTS:]),
        qr=lambda url: qr(scan_url(url, edition, "evenement")), part=part, **context)


def render_html(content: dict, page_size: str = "a4") -> str:
    """The whole edition on one HTML page: the staff's preview, in their browser."""
    return _render(content, "a5" if page_size == "livret" else page_size, "preview",
                   qr_png_data_uri)


def _part_html(content: dict, page_size: str, part: str, plan: Layout, full: bool = False,
               **context) -> str:
    geometry = GEOMETRIES[page_size]
    width = geometry.area_width if full else geometry.column_width
    return _render(content, page_size, part, qr_print_src, plan,
                   page_width=round(width, 2), page_height=round(geometry.area_height, 2),
                   **context)


@dataclass
class _Piece:
    """A document laid out on its own, and how its pages are placed on the sheets."""

    part: imposition.Part
    html: str
    #: Events in it: the heaviest pieces are handed to the pool first.
    weight: int = 0
    title: str = ""  # its bookmark, when it has one of its own (the indexes)


def _listing_pieces(content: dict, page_size: str, plan: Layout) -> list[_Piece]:
    """A piece per month, then the repeating events: each starts a column. The cover heads
    the first column, the first month's events under it, so that the first page is never a
    mostly empty one; an edition without events has a cover page alone."""
    listing = [({"months": [month], "regular": []}, month.size) for month in plan.months]
    if plan.regular:
        listing.append(({"months": [], "regular": plan.regular},
                        sum(len(items) for _, items in plan.regular)))
    if not listing:
        return [_Piece(imposition.Part(0, full=True),
                       _part_html(content, page_size, "cover", plan, full=True))]
    pieces = []
    for index, (context, weight) in enumerate(listing):
        pieces.append(_Piece(imposition.Part(0), _part_html(
            content, page_size, "listing", plan, with_cover=index == 0, **context), weight))
    return pieces


def _index_pieces(content: dict, page_size: str, plan: Layout,
                  pages: dict[int, int]) -> list[_Piece]:
    """Both indexes, with the page of every event; they start on a sheet of their own."""
    pieces = []
    for title, groups, anchor in (
            ("Index par commune", plan.by_commune, "index-communes"),
            ("Index par organisateur", plan.by_organization, "index-organisateurs")):
        html = _part_html(content, page_size, "index", plan, index_title=title, index=groups,
                          index_anchor=anchor, pages=pages)
        pieces.append(_Piece(imposition.Part(0, new_sheet=not pieces), html, len(groups),
                             title))
    return pieces


def _lay_out(pieces: list[_Piece], workers: int) -> list[RenderedPart]:
    """Every piece laid out by the pool, the heaviest first; results in the pieces' order."""
    batch = Batch(workers, Path(current_app.static_folder))
    order = sorted(range(len(pieces)), key=lambda i: -pieces[i].weight)
    for i in order:
        batch.submit(pieces[i].html)
    done = dict(zip(order, batch.results(), strict=True))
    return [done[i] for i in range(len(pieces))]


def render_edition_pdf(content: dict, page_size: str = "a4", *,
                       workers: int | None = None) -> bytes:
    """The print-ready PDF, laid out in pieces by several processes, then put on sheets.

    1. The cover, each month and the repeating events are laid out at once, on pages the size
       of a column (printing.workers); each month starts at the top of a column.
    2. Their pages are placed in the sheets' columns (printing.imposition.plan): the page of
       each event is then known, and the two indexes are laid out with it, at once.
    3. The sheets (running header, "page N / M") are drawn, and the pieces placed on them.
    """
    if page_size == "livret":
        return imposition.booklet(render_edition_pdf(content, "a5", workers=workers))
    geometry = GEOMETRIES[page_size]
    workers = workers or current_app.config.get("PRINT_WORKERS") or default_workers()
    plan = layout(content)
    pieces = _listing_pieces(content, page_size, plan)
    rendered = _lay_out(pieces, workers)
    parts = [replace(p.part, page_count=r.page_count) for p, r in zip(pieces, rendered,
                                                                      strict=True)]
    sheet_of = {(p.part, p.page): p.sheet for p in imposition.plan(parts, geometry.columns)}
    pages: dict[int, int] = {}
    outline: list[tuple[str, int]] = []
    titles = {m.anchor: m.label for m in plan.months} | {"reguliers": "Rendez-vous réguliers"}
    for index, part in enumerate(rendered):
        for anchor, page in part.anchors.items():
            if anchor.startswith("ev-"):
                pages.setdefault(int(anchor[3:]), sheet_of[index, page] + 1)
            elif anchor in titles:
                outline.append((titles[anchor], sheet_of[index, page]))

    index_parts: list[tuple[str, int]] = []  # (bookmark, part number)
    if content["entries"]:
        # They come after the listing: its pages stay where they are.
        indexes = _index_pieces(content, page_size, plan, pages)
        for piece, result in zip(indexes, _lay_out(indexes, workers), strict=True):
            index_parts.append((piece.title, len(parts)))
            parts.append(replace(piece.part, page_count=result.page_count))
            rendered.append(result)
    placements = imposition.plan(parts, geometry.columns)
    first_sheet: dict[int, int] = {}
    for p in placements:
        first_sheet.setdefault(p.part, p.sheet)
    outline += [(title, first_sheet[part]) for title, part in index_parts if part in first_sheet]
    frame_html = _template("print/quarterly_frame.html", content=content, page_size=page_size,
                           sheets=imposition.sheet_count(placements))
    frame = render_part(frame_html, current_app.static_folder).pdf
    metadata = {"Title": f"Agenda du territoire – {content['title']}",
                "Author": content["territory"]}
    return imposition.compose(frame, [r.pdf for r in rendered], placements, geometry,
                              metadata, outline)


CSV_COLUMNS = [
    "id", "rubrique", "mois", "date", "jour", "horaire", "dates", "titre", "texte", "commune",
    "lieu", "organisateur", "tarif", "mention", "mis_en_avant", "lien",
]


def render_csv(content: dict) -> str:
    """One row per printed event, in printed order; UTF-8 with a BOM and ';' for French Excel."""
    plan = layout(content)
    rows = [(e, "Agenda") for m in plan.months for d in m.days for e in d.entries]
    rows += [(e, "Rendez-vous réguliers") for _, items in plan.regular for e in items]
    lines = []
    for entry, section in rows:
        day = date.fromisoformat(entry["day"])
        lines.append((
            entry["event_id"], section, f"{month_fr(day.month).capitalize()} {day.year}",
            entry["day"], date_fr(day, "EEEE d MMMM"), entry["time"],
            entry["summary"] or dates_list_fr([day]), entry["title"], entry["description"],
            entry["commune"], entry["place"], entry["organization"], entry["price"],
            entry["mark"], "oui" if entry["highlighted"] else "non", entry["url"],
        ))
    return write_csv(CSV_COLUMNS, lines)


def render_docx(content: dict) -> bytes:
    """An editable Word document (python-docx) with the same sections as the PDF."""
    from docx import Document
    from docx.shared import Pt

    plan = layout(content)
    document = Document()
    document.core_properties.title = f"Agenda {content['title']}"
    document.core_properties.author = content["territory"]
    document.add_heading(f"Agenda du territoire – {content['title']}", 0)
    document.add_paragraph(content["territory"])
    editorial = editorial_blocks(content["editorial"])
    if editorial:
        document.add_heading("Éditorial", 1)
        styles = {"bullet": "List Bullet", "number": "List Number"}
        for kind, text in editorial:
            if kind == "heading":
                document.add_heading(text, 2)
            else:
                document.add_paragraph(text, style=styles.get(kind))

    def add_entry(entry: dict, when: str) -> None:
        heading = document.add_paragraph()
        run = heading.add_run(entry["title"])
        run.bold = True
        if entry["highlighted"]:
            heading.add_run("  ★ À la une").italic = True
        if entry["mark"]:
            heading.add_run(f"  ({entry['mark']})").italic = True
        details = document.add_paragraph(
            " · ".join(p for p in (when, entry["commune"], entry["place"]) if p))
        details.runs[0].font.size = Pt(9.5)
        if entry["description"]:
            document.add_paragraph(entry["description"])
        for note in entry["notes"]:
            document.add_paragraph(note)
        document.add_paragraph(
            f"Organisé par {entry['organization']} · {entry['price']} · {entry['url']}"
        ).runs[0].font.size = Pt(9)

    for month in plan.months:
        document.add_heading(month.label, 1)
        for day in month.days:
            document.add_heading(day.label, 2)
            for entry in day.entries:
                add_entry(entry, entry["time"])
    if plan.regular:
        document.add_heading("Rendez-vous réguliers", 1)
        for commune, items in plan.regular:
            document.add_heading(commune, 2)
            for entry in items:
                add_entry(entry, f"{entry['summary']}, {entry['time']}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plain_paragraphs(markdown_text: str | None) -> list[str]:
    return [markdown_to_text(p, one_paragraph=True)
            for p in re.split(r"\n\s*\n", markdown_text or "") if p.strip()]
