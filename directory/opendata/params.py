"""The API's query parameters, read strictly: a value the document does not allow is a 400.

A value the OpenAPI document does not allow is an ApiError that says why, never silently
ignored. The pages (/agenda, /benevolat) read the same parameters leniently; the API must not, or a
client's typo (`periode=hier`, `gratuit=2`) quietly returns everything.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone

from directory.core.dates import PARIS

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_QUERY_LENGTH = 200
#: Repeated or comma-separated values of one filter.
MAX_VALUES = 30
#: Dates the agenda's filters accept (the pages ignore others).
FIRST_YEAR, LAST_YEAR = 2000, 2099
#: An agenda window longer than this is shortened (repeating events are expanded over it).
MAX_WINDOW = timedelta(days=2 * 366)
FLAGS = {"1": True, "0": False}


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _one(args: Mapping, name: str) -> str | None:
    """The value as sent (None when absent): an empty or padded value is not a valid one."""
    return args.get(name)


def integer(args: Mapping, name: str, default: int, maximum: int) -> int:
    raw = _one(args, name)
    if raw is None:
        return default
    # ASCII digits only: str.isdigit() also takes « ³ », which int() refuses.
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= maximum:
        raise ApiError(400, f"Le paramètre « {name} » doit être un entier entre 1 et {maximum} "
                            f"(reçu : « {raw[:40]} »).")
    return int(raw)


def text(args: Mapping, name: str = "q") -> str:
    value = (_one(args, name) or "").strip()
    if len(value) > MAX_QUERY_LENGTH:
        raise ApiError(400, f"Le paramètre « {name} » est limité à {MAX_QUERY_LENGTH} "
                            "caractères.")
    return value


def choice(args: Mapping, name: str, allowed: Iterable[str], label: str) -> str | None:
    """One value among `allowed`; `label` names it in the message (« Le thème »)."""
    value = _one(args, name)
    allowed = list(allowed)
    if value is not None and value not in allowed:
        raise ApiError(400, f"{label} « {value[:60]} » n'existe pas{_known(name, allowed)}.")
    return value


#: Where the API lists the values of its vocabularies.
VOCABULARIES = {"theme": "/api/v1/thematiques", "thematique": "/api/v1/thematiques",
                "public": "/api/v1/publics", "commune": "/api/v1/communes"}


def _known(name: str, allowed: list[str]) -> str:
    if name in VOCABULARIES:
        return f" (paramètre « {name} » : voir {VOCABULARIES[name]})"
    return f" (paramètre « {name} » : {', '.join(allowed)})"


def choices(args: Mapping, name: str, allowed: Iterable[str], label: str) -> list[str]:
    """Several values, repeated (`theme=a&theme=b`) or separated by commas."""
    allowed = set(allowed)
    values: list[str] = []
    for raw in args.getlist(name) if hasattr(args, "getlist") else [args.get(name) or ""]:
        for value in raw.split(","):
            if value not in allowed:
                raise ApiError(400, f"{label} « {value[:60]} » n'existe pas"
                                    f"{_known(name, sorted(allowed))}.")
            if value not in values:
                values.append(value)
    if len(values) > MAX_VALUES:
        raise ApiError(400, f"Le paramètre « {name} » prend {MAX_VALUES} valeurs au plus.")
    return values


def flag(args: Mapping, name: str) -> bool:
    value = _one(args, name)
    if value is None:
        return False
    if value not in FLAGS:
        raise ApiError(400, f"Le paramètre « {name} » vaut 1 (oui) ou 0 (non), pas "
                            f"« {value[:40]} ».")
    return FLAGS[value]


def day(args: Mapping, name: str) -> date | None:
    raw = _one(args, name)
    if raw is None:
        return None
    try:
        value = date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:
        value = None
    if value is None:
        raise ApiError(400, f"Le paramètre « {name} » doit être une date AAAA-MM-JJ (reçu : "
                            f"« {raw[:40]} »).")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ApiError(400, f"Le paramètre « {name} » doit être une date entre {FIRST_YEAR} "
                            f"et {LAST_YEAR}.")
    return value


_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"([Zz]|[+-]\d{2}:?\d{2})?"
)


def moment(args: Mapping, name: str) -> datetime | None:
    """An ISO 8601 / RFC 3339 date-time (`2026-12-01T08:00:00Z`, `…+01:00`), or a date (its
    Paris midnight); without an offset, Paris time. Returned in UTC."""
    raw = _one(args, name)
    if raw is None:
        return None
    message = (f"Le paramètre « {name} » doit être une date et heure ISO 8601, par exemple "
               f"2026-12-01T08:00:00+01:00 (reçu : « {raw[:40]} »).")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raw += "T00:00"
    found = _DATETIME.fullmatch(raw)
    if not found:
        raise ApiError(400, message)
    year, month, dd, hh, mm, ss, fraction, offset = found.groups()
    try:
        # A leap second (:60) is read as :59; a year before 1 as the earliest time.
        value = datetime(max(int(year), 1), int(month), int(dd), int(hh), int(mm),
                         min(int(ss or 0), 59), int((fraction or "0")[:6].ljust(6, "0")))
        if offset is None:
            zone = PARIS
        elif offset in "Zz":
            zone = UTC
        else:
            digits = offset[1:].replace(":", "")
            shift = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            zone = timezone(-shift if offset[0] == "-" else shift)
    except ValueError:
        raise ApiError(400, message) from None
    try:
        return value.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError:  # the first or last day of year 1 or 9999, beyond UTC
        return (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)


def sort(args: Mapping, allowed: Iterable[str], default: str) -> str:
    return choice(args, "tri", allowed, "Le tri") or default
