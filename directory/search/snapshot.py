"""An open searcher per process, with what every query reuses: facet bitsets and the A-Z order.

Sets of documents are Python integers used as bitsets (bit n = document number n): intersecting
and counting them is a few microseconds even for 100 000 documents.

What a segment contributes (its facet and term bitsets, its documents in A-Z order) is computed
once per process and kept: whoosh segments never change once written, only their deletions do. An
edit adds a small segment, so the next search computes that segment's parts alone and combines
them with the big segment's kept ones (a few milliseconds), instead of reading 100 000 documents.
"""

import bisect
import contextlib
import heapq
import itertools
import os
import threading
from dataclasses import dataclass, field

from flask import Flask
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import WrappingMatcher

from directory.search import indexer
from directory.search.schema import FACET_FIELDS

_lock = threading.Lock()
_snapshots: dict[str, "Snapshot"] = {}
#: Cached term bitsets per segment (a 100 000-document bitset is 12.5 kB).
TERM_CACHE = 4000
#: Pages starting beyond this position read the whole A-Z order, merged once per generation.
LAZY_START = 2000


def members(mask: int) -> list[int]:
    """Document numbers of a bitset, in increasing order."""
    found = []
    for i, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) >> 3, "little")):
        if byte:
            base = i << 3
            found.extend(base + j for j in range(8) if byte >> j & 1)
    return found


def postings(reader, fieldname: str, text: str):
    """Document numbers of one segment holding a term, read block by block (deleted ones
    included: callers intersect with the live documents)."""
    if (fieldname, text) not in reader:
        return
    matcher = reader.postings(fieldname, text)
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            yield from matcher._ids
            matcher._next_block()
    else:
        yield from matcher.all_ids()


def bitset(docnums, size: int) -> int:
    bits = bytearray((size + 7) >> 3)
    for n in docnums:
        bits[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(bits, "little")


@dataclass
class Segment:
    """One segment's parts, in its own document numbers, deleted documents included."""

    count: int
    #: facet -> value -> bitset.
    facets: dict[str, dict[str, int]]
    #: (sort name, document number), sorted: the segment's A-Z order.
    order: list[tuple[str, int]]
    #: Sort name by document number.
    keys: list[str]
    terms: dict = field(default_factory=dict)

    @classmethod
    def read(cls, reader) -> "Segment":
        count = reader.doc_count_all()
        facets = {
            name: {
                term.decode(): bitset(postings(reader, name, term.decode()), count)
                for term in reader.lexicon(name)
            }
            for name in FACET_FIELDS
        }
        names = reader.column_reader("sort_name") if count else []
        keys = [names[n] for n in range(count)]
        order = sorted(zip(keys, range(count), strict=True))
        return cls(count, facets, order, keys)

    def term(self, reader, fieldname: str, text: str) -> int:
        key = (fieldname, text)
        bits = self.terms.get(key)
        if bits is None:
            if len(self.terms) > TERM_CACHE:
                self.terms.clear()
            bits = self.terms[key] = bitset(postings(reader, fieldname, text), self.count)
        return bits


#: Segment parts by (index directory, segment id); pruned to the segments of the newest snapshot.
_segments: dict[tuple[str, str], Segment] = {}


def _live(reader, count: int) -> int:
    everything = (1 << count) - 1
    if reader.has_deletions():
        everything &= ~bitset(reader.segment().deleted_docs(), count)
    return everything


def _merged_order(parts: list[tuple[Segment, int]], everything: int) -> list[int]:
    """Live document numbers in A-Z order, from the segments' own orders."""
    return list(_walk(parts, everything))


def _shifted(order: list[tuple[str, int]], offset: int):
    # A function, not a generator expression in the list above: there, `offset` would be the
    # last segment's by the time the merge reads it.
    if offset == 0:
        return iter(order)
    return ((key, n + offset) for key, n in order)


def _walk(parts: list[tuple[Segment, int]], everything: int):
    """Live document numbers in A-Z order, merged lazily: a first page reads a few entries of
    each segment's order, not 100 000."""
    live = everything.to_bytes((everything.bit_length() + 7) >> 3 or 1, "little")
    width = len(live) << 3
    if len(parts) == 1:
        pairs = parts[0][0].order
    else:
        runs = [_shifted(segment.order, offset) for segment, offset in parts]
        pairs = heapq.merge(*runs)
    for _, n in pairs:
        if n < width and live[n >> 3] >> (n & 7) & 1:
            yield n


@dataclass
class Snapshot:
    ix: object
    searcher: object
    #: Bitset of live documents.
    everything: int
    #: facet -> value -> bitset; "subtheme" values are "parent/child".
    facets: dict[str, dict[str, int]]
    #: Organisation id by document number.
    oids: object
    #: Which table of contents the searcher read (a rebuilt directory restarts generations).
    signature: tuple = ()
    #: (segment reader, its parts, its first document number), for term look-ups.
    parts: list = field(default_factory=list)
    #: Bitsets of expansions and other look-ups already asked for, in this generation.
    terms: dict = field(default_factory=dict)
    _alphabetical: list | None = None
    #: First document number of each part, for finding a document's segment.
    _offsets: list = field(default_factory=list)

    @property
    def size(self) -> int:
        return self.searcher.reader().doc_count_all()

    @property
    def alphabetical(self) -> list[int]:
        """Live document numbers in accent-insensitive alphabetical order (merged from the
        segments' orders when a page far down the list first needs it)."""
        if self._alphabetical is None:
            self._alphabetical = _merged_order(self._segment_offsets(), self.everything)
        return self._alphabetical

    def _segment_offsets(self) -> list[tuple[Segment, int]]:
        return [(segment, offset) for _, segment, offset in self.parts]

    def _sort_key(self, n: int) -> tuple[str, int]:
        i = bisect.bisect_right(self._offsets, n) - 1
        _, segment, offset = self.parts[i]
        return segment.keys[n - offset], n

    def walk(self):
        """Live document numbers in A-Z order, lazily."""
        if self._alphabetical is not None:
            return iter(self._alphabetical)
        return _walk(self._segment_offsets(), self.everything)

    def term(self, fieldname: str, text: str) -> int:
        """Live documents holding a term, as a bitset (each segment's part is kept)."""
        bits = 0
        for reader, segment, offset in self.parts:
            local = segment.term(reader, fieldname, text)
            if local:
                bits |= local << offset
        return bits & self.everything

    def expanded(self, kind: str, word: str, terms) -> int:
        """Documents holding any of the terms a prefix or a fuzzy word expands to."""
        key = (kind, word)
        bits = self.terms.get(key)
        if bits is None:
            bits = 0
            for text in terms():
                bits |= self.term("folded", text)
            self.terms[key] = bits
        return bits

    def in_order(self, mask: int, start: int, count: int) -> list[int]:
        """Document numbers of a bitset, alphabetically, from `start`."""
        if not self.parts:
            return []
        far = True
        if mask == self.everything:
            if far:
                return self.alphabetical[start : start + count]
            return list(itertools.islice(self.walk(), start, start + count))
        size = self.size
        if mask.bit_count() * 16 >= size:
            # Dense: walking the alphabetical order finds enough documents quickly.
            bits = mask.to_bytes((size + 7) >> 3, "little")
            found, seen = [], 0
            for n in self.alphabetical if far else self.walk():
                if bits[n >> 3] >> (n & 7) & 1:
                    if seen >= start:
                        found.append(n)
                        if len(found) == count:
                            break
                    seen += 1
            return found
        docnums = members(mask)
        docnums.sort(key=self._sort_key)
        return docnums[start : start + count]

    @classmethod
    def build(cls, ix, searcher, key: str = "") -> "Snapshot":
        reader = searcher.reader()
        parts, everything = [], 0
        for leaf, offset in reader.leaf_readers():
            segid = (key, leaf.segment().segment_id()) if hasattr(leaf, "segment") else None
            segment = _segments.get(segid) if segid else None
            if segment is None or segment.count != leaf.doc_count_all():
                segment = Segment.read(leaf)
                if segid:
                    _segments[segid] = segment
            parts.append((leaf, segment, offset))
            everything |= _live(leaf, segment.count) << offset
        # Parts of segments merged away or deleted are dropped with their generation.
        kept = {
            (key, leaf.segment().segment_id()) for leaf, _, _ in parts if hasattr(leaf, "segment")
        }
        for stale in [k for k in _segments if k[0] == key and k not in kept]:
            del _segments[stale]
        facets = {}
        for name in FACET_FIELDS:
            values: dict[str, int] = {}
            for _, segment, offset in parts:
                for value, bits in segment.facets[name].items():
                    values[value] = values.get(value, 0) | bits << offset
            facets[name] = {value: bits & everything for value, bits in values.items()}
        oids = reader.column_reader("oid") if reader.doc_count_all() else []
        return cls(
            ix,
            searcher,
            everything,
            facets,
            oids,
            parts=parts,
            _offsets=[offset for _, _, offset in parts],
        )


def _signature(directory: str) -> tuple:
    """The index's tables of contents: changes with every commit, and with a rebuilt directory
    (whose generations restart, maybe on a reused inode)."""
    with os.scandir(directory) as entries:
        return tuple(
            sorted(
                (e.name, e.inode(), e.stat().st_mtime_ns, e.stat().st_size)
                for e in entries
                if e.name.endswith(".toc")
            )
        )


def current(app: Flask) -> Snapshot:
    """The snapshot of the newest index generation (reopened and rebuilt when it changed)."""
    key = str(indexer.index_dir(app))
    with _lock:
        snap = _snapshots.get(key)
        signature = _signature(key)
        if snap is not None:
            if snap.signature == signature:
                return snap
            # Not refresh(): its reused segment readers miss deletions made since (whoosh 2.7.5).
            snap.searcher.close()
        # Unchecked: the check opens a second searcher, and reading the columns below fails
        # the same way on a garbled index (search() then rebuilds it).
        ix = indexer.open_index(app, check=False)
        searcher = ix.searcher()
        fresh = Snapshot.build(ix, searcher, key)
        fresh.signature = signature
        _snapshots[key] = fresh
        return fresh


def forget(app: Flask) -> None:
    """Drops this process's snapshot (after an error reading the index)."""
    key = str(indexer.index_dir(app))
    with _lock:
        snap = _snapshots.pop(key, None)
        for stale in [k for k in _segments if k[0] == key]:
            del _segments[stale]
    if snap is not None:
        with contextlib.suppress(Exception):
            snap.searcher.close()
