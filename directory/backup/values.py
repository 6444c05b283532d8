"""Column values <-> JSON: dates, times, decimals and bytes tagged so they come back as such."""

import base64
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

TAG = "~backup"

_DECODERS = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "timedelta": lambda v: timedelta(seconds=float(v)),
    "decimal": Decimal,
    "bytes": base64.b64decode,
    "uuid": UUID,
}


def _encode(value):
    # datetime before date: a datetime is a date too.
    for kind, cls, text in (
        ("datetime", datetime, lambda v: v.isoformat()),
        ("date", date, lambda v: v.isoformat()),
        ("time", time, lambda v: v.isoformat()),
        ("timedelta", timedelta, lambda v: repr(v.total_seconds())),
        ("decimal", Decimal, str),
        ("bytes", bytes | bytearray | memoryview, lambda v: base64.b64encode(v).decode()),
        ("uuid", UUID, str),
    ):
        if isinstance(value, cls):
            return {TAG: kind, "value": text(value)}
    raise TypeError(f"{type(value).__name__} cannot be backed up")


def _decode(obj: dict):
    if len(obj) == 2 and TAG in obj and "value" in obj:
        return _DECODERS[obj[TAG]](obj["value"])
    return obj


def dumps(row: dict) -> str:
    return json.dumps(row, default=_encode, ensure_ascii=False, separators=(",", ":"))


def loads(line: str) -> dict:
    return json.loads(line, object_hook=_decode)
