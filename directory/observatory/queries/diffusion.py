"""Diffusion indicators: page views, searches, feeds, downloads and QR scans, from the counts."""

from sqlalchemy import case, func, select

from directory.core.extensions import db
from directory.observatory import counting
from directory.observatory.models import (
    CountKind,
    DailyCount,
    DailyVisitor,
)
from directory.observatory.periods import Period
from directory.observatory.queries.common import (
    Section,
    Table,
    cond_sum,
    day_in,
    figures,
    misses_by_scope,
    per_month,
    total,
)
from directory.printing.qr import SCAN_AREAS


def _all_counts(p: Period, b: Period) -> dict[str, dict[str, tuple[int, int]]]:
    """kind -> key -> (now, before), from one query over the day counts."""
    now = func.sum(case((day_in(DailyCount.day, p), DailyCount.count), else_=0))
    before = func.sum(case((day_in(DailyCount.day, b), DailyCount.count), else_=0))
    stmt = (select(DailyCount.kind, DailyCount.key, now, before)
            .where(DailyCount.day >= min(p.start, b.start), DailyCount.day < max(p.end, b.end))
            .group_by(DailyCount.kind, DailyCount.key))
    result: dict[str, dict[str, tuple[int, int]]] = {}
    for kind, key, n, m in db.session.execute(stmt):
        result.setdefault(kind, {})[key] = (int(n or 0), int(m or 0))
    return result


def _rows(counts: dict[str, tuple[int, int]], label=lambda k: k) -> list[list]:
    rows = [[label(k), n, m] for k, (n, m) in counts.items() if n or m]
    rows.sort(key=lambda r: (-r[1], -r[2], str(r[0])))
    return rows


def _scan_label(key: str) -> str:
    edition, _, area = key.rpartition(".")
    return f"{edition_label(edition)} · {SCAN_AREAS.get(area, area)}"


def edition_label(code: str) -> str:
    if code == "annuaire":
        return "Annuaire papier"
    if code.startswith("guide-"):
        return f"Guide « {code[6:]} »"
    if code.startswith("affiche-"):
        return f"Affiche de {code[8:]}"
    if code.startswith("agenda-"):
        return f"Agenda {code[7:].replace('-t', ' T')}"
    return code

def _live_subscribers(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    """Today's subscribers per feed, still hashes (counted into the day counts tomorrow)."""
    stmt = (select(DailyVisitor.key, cond_sum(day_in(DailyVisitor.day, p)),
                   cond_sum(day_in(DailyVisitor.day, b)))
            .where(DailyVisitor.day >= min(p.start, b.start), DailyVisitor.day < max(p.end, b.end))
            .group_by(DailyVisitor.key))
    return {key: (int(n or 0), int(m or 0)) for key, n, m in db.session.execute(stmt)}


def _subscribers(counts: dict, p: Period, b: Period) -> dict[str, tuple[int, int]]:
    """Distinct subscribers per feed, on average per day of each period."""
    stored = counts.get(CountKind.SUBSCRIBERS, {})
    live = _live_subscribers(p, b)
    days = ((p.end - p.start).days, (b.end - b.start).days)
    return {key: tuple(round((s + v) / d) for s, v, d in zip(
                stored.get(key, (0, 0)), live.get(key, (0, 0)), days, strict=True))
            for key in set(stored) | set(live)}


def diffusion_section(p: Period, b: Period) -> Section:
    counts = _all_counts(p, b)
    pages = counts.get(CountKind.PAGE, {})
    searches = counts.get(CountKind.SEARCH, {})
    feeds = counts.get(CountKind.FEED, {})
    downloads = counts.get(CountKind.DOWNLOAD, {})
    scans = counts.get(CountKind.QR, {})
    misses = misses_by_scope(p, b)
    per_feed = _subscribers(counts, p, b)
    subscribers = per_feed.pop(counting.ALL_FEEDS, (0, 0))
    pairs = [
        ("Pages vues", *total(pages)),
        ("Recherches", *total(searches)),
        ("Recherches sans résultat", *total(misses)),
        ("Abonnés aux flux d'agenda, en moyenne par jour", *subscribers),
        ("Lectures des flux d'agenda", *total(feeds)),
        ("Téléchargements des éditions imprimables", *total(downloads)),
        ("Codes QR des éditions imprimées scannés", *total(scans)),
    ]
    cols = [p.label, b.label]
    scopes = {"annuaire": "Annuaire", "partenaires": "Annuaire partenarial", "agenda": "Agenda"}
    search_rows = [[scopes.get(k, k), *searches.get(k, (0, 0)), *misses.get(k, (0, 0))]
                   for k in sorted(set(searches) | set(misses))]
    monthly = db.session.execute(
        select(DailyCount.day, func.sum(DailyCount.count))
        .where(DailyCount.kind == CountKind.PAGE, day_in(DailyCount.day, p))
        .group_by(DailyCount.day)).all()
    return Section("diffusion", "Diffusion", [
        figures("diffusion-chiffres", "Diffusion : chiffres clés", pairs, p, b),
        Table("pages-vues", "Pages vues par rubrique", ["Rubrique", *cols],
              _rows(pages, lambda k: counting.SECTION_LABELS.get(k, k))),
        Table("pages-vues-mois", "Pages vues par mois", ["Mois", p.label],
              per_month(p, monthly), chart="line"),
        Table("recherches", "Recherches et recherches sans résultat",
              ["Recherche", f"Recherches {p.label}", f"Recherches {b.label}",
               f"Sans résultat {p.label}", f"Sans résultat {b.label}"], search_rows),
        Table("flux", "Lectures des flux d'agenda", ["Flux", *cols], _rows(feeds),
              note="Un calendrier abonné relit le flux plusieurs fois par jour."),
        Table("abonnes", "Abonnés distincts par flux, en moyenne par jour", ["Flux", *cols],
              _rows(per_feed),
              note="Estimés chaque jour par une empreinte salée du jour, effacée le lendemain : "
                   "aucune adresse n'est gardée."),
        Table("telechargements", "Téléchargements par édition", ["Édition", *cols],
              _rows(downloads, edition_label)),
        Table("codes-qr", "Codes QR scannés par édition et emplacement",
              ["Édition · emplacement", *cols], _rows(scans, _scan_label)),
    ])
