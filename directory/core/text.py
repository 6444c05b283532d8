"""Small text helpers: accent folding, slugs, and Markdown as plain text."""

import html
import re
import unicodedata
from functools import cache

import nh3
import pyuca

from directory.core.sanitize import render_markdown

_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote|ul|ol)>|<br\s*/?>")


def fold(text: str, *, ligatures: bool = False, ascii_only: bool = False) -> str:
    """Lower-case, accent-free form used for comparisons ("Théâtre" -> "theatre").

    `ligatures` spells "œ" and "æ" out ("Œuvre" -> "oeuvre"); `ascii_only` then drops whatever
    is left outside ASCII (an unspelt ligature, curly quotes, dashes).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if ligatures:
        folded = folded.replace("œ", "oe").replace("æ", "ae")
    if ascii_only:
        folded = folded.encode("ascii", "ignore").decode()
    return folded


def slugify(text: str, max_length: int = 160) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text, ligatures=True))
    return slug.strip("-")[:max_length].rstrip("-")


def html_to_text(rendered: str, *, one_paragraph: bool = False) -> str:
    """The text of sanitised HTML (as `render_markdown` gives it), without its tags.

    Paragraphs stay apart and list items start with "- " (iCalendar descriptions); with
    `one_paragraph`, every run of white space becomes one space (printed agenda entries).
    """
    if one_paragraph:
        return re.sub(r"\s+", " ", html.unescape(nh3.clean(rendered, tags=set()))).strip()
    rendered = _BLOCK_END.sub("\n", rendered.replace("<li>", "- "))
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def markdown_to_text(markdown_text: str | None, *, one_paragraph: bool = False) -> str:
    """User-written Markdown as plain text (see `html_to_text`)."""
    if not markdown_text:
        return ""
    return html_to_text(str(render_markdown(markdown_text)), one_paragraph=one_paragraph)


# « de » before a name, as French writes it: « l'agenda du Comité des fêtes », « des Amis des
# livres », « de la Chorale », « de l'Harmonie », « d'Évry », « de La Chapelle-sur-Oreuse ».
# Names of organisations usually start with a common noun that takes its article; the nouns
# below are those of associations and public services, by gender (the rest: « de », « d' »).
_MASCULINE = {
    "accueil", "atelier", "aviron", "basket", "cafe", "centre", "cercle", "chœur", "choeur",
    "cine-club", "club", "collectif", "comite", "conseil", "cyclotourisme", "dojo", "espace",
    "foyer", "groupe", "groupement", "jumelage", "lieu", "multi-accueil", "office", "orchestre",
    "photo", "point", "pole", "relais", "secours", "service", "sou", "studio", "syndicat",
    "tennis", "theatre", "transport", "velo", "vestiaire", "football", "handball", "judo",
    "karate", "badminton",
}
_FEMININE = {
    "aide", "amicale", "association", "banque", "bibliotheque", "caisse", "chorale",
    "compagnie", "conseillere", "ecole", "entente", "entraide", "epicerie", "federation",
    "gaule", "gym", "gymnastique", "harmonie", "ludotheque", "maison", "mediatheque", "mission",
    "mutualite", "permanence", "protection", "residence", "sauvegarde", "societe", "union",
}
_PLURAL = {"amis", "anciens", "aines", "donneurs", "jardins", "marcheurs", "pecheurs",
           "randonneurs", "secouristes", "tréteaux", "treteaux", "voix"}
_ARTICLES = {"le": "du", "les": "des", "la": "de la", "l": "de l'"}
_VOWELS = "aeiouéèêëàâîïôöûü"
#: Words whose h is silent (« de l'Harmonie »); elsewhere h counts as a consonant.
_SILENT_H = {"harmonie", "hopital", "hotel", "habitat", "hebergement"}


def de(name: str, *, proper: bool = False) -> str:
    """« de » + name, contracted as French requires. `proper`: a place name, whose capitalised
    article belongs to it (« de La Chapelle-sur-Oreuse », but « du Mans », « des Mureaux »)."""
    name = name.strip()
    if not name:
        return "de"
    first = re.split(r"[\s’']", name, maxsplit=1)[0]
    word = fold(first)
    vowel = fold(name[0]) in _VOWELS or word in _SILENT_H
    rest = name[len(first):].lstrip("’'") if word == "l" else name[len(first):].lstrip()
    if word in _ARTICLES and rest and not (proper and word in ("la", "l")):
        return f"{_ARTICLES[word]}{'' if word == 'l' else ' '}{rest}"
    if not proper:
        if word in _PLURAL:
            return f"des {name}"
        if word in _MASCULINE or word in _FEMININE:
            if vowel:
                return f"de l'{name}"
            return f"du {name}" if word in _MASCULINE else f"de la {name}"
    return f"d'{name}" if vowel else f"de {name}"


def without_place_name(text: str, name: str) -> str:
    """`text` (« Salle polyvalente, 89140 Compigny ») without the parts that only repeat the
    commune `name` shown beside it, so that nobody reads « Compigny, Compigny »."""
    if not name:
        return text
    target = fold(name)
    parts = [p.strip() for p in text.split(",")]
    kept = [p for p in parts if fold(re.sub(r"^\d{5}\s+", "", p)) != target]
    return ", ".join(p for p in kept if p)


#: A time of day or a range as French writes them: « 9 h », « 18 h 30 – 20 h », « 14h-16h »,
#: « de 10 h à 12 h » (from « 10 »).
TIME_RANGE_RE = re.compile(
    r"\b\d{1,2} ?h(?: ?\d{2})?\b(?:\s*(?:[–—-]|à)\s*\d{1,2} ?h(?: ?\d{2})?\b)?")


def time_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each time or time range in `text`, that a line must never break."""
    return [m.span() for m in TIME_RANGE_RE.finditer(text or "")]


def unbreakable_times(text: str) -> str:
    """`text` with no-break spaces inside its times and ranges (« 14 h – 16 h » stays on one
    line), for layouts that take no inline element (the printed quarterly agenda). A line may
    still break after a dash (UAX #14) unless a word joiner follows it."""
    return TIME_RANGE_RE.sub(
        lambda m: re.sub(r"([–—-])", "\\1\u2060", m.group(0).replace(" ", "\u00a0")),
        text or "")


@cache
def _collator() -> pyuca.Collator:
    """The Unicode Collation Algorithm with its default table (DUCET): read once per process."""
    return pyuca.Collator()


def french_order(text: str) -> tuple[int, ...]:
    """Sort key of a name as a French reader files it (the Unicode Collation Algorithm, whose
    default order is the one CLDR gives French): « Évry » and « École » among the E, « Œuvre »
    as « oeuvre », accents then case only breaking ties, where a byte order puts them after Z."""
    return _collator().sort_key(text)
