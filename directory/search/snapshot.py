"""An open searcher per process, with what every query reuses: facet bitsets and the A-Z order.

Sets of documents are Python integers used as bitsets (bit n = document number n): intersecting
and counting them is a few microseconds even for 100 000 documents.
"""

import contextlib
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
#: Cached term bitsets per snapshot (a 100 000-document bitset is 12.5 kB).
TERM_CACHE = 4000


def members(mask: int) -> list[int]:
    """Document numbers of a bitset, in increasing order."""
    found = []
    for i, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) >> 3, "little")):
        if byte:
            base = i << 3
            found.extend(base + j for j in range(8) if byte >> j & 1)
    return found


def postings(searcher, fieldname: str, text: str):
    """Document numbers holding a term, read block by block (deleted ones included: callers
    intersect with the live documents)."""
    for reader, offset in searcher.reader().leaf_readers():
        if (fieldname, text) not in reader:
            continue
        matcher = reader.postings(fieldname, text)
        while isinstance(matcher, WrappingMatcher):
            matcher = matcher.child
        if isinstance(matcher, W3LeafMatcher):
            while matcher.is_active():
                if matcher._ids is None:
                    matcher._read_ids()
                if offset:
                    yield from (n + offset for n in matcher._ids)
                else:
                    yield from matcher._ids
                matcher._next_block()
        else:
            yield from (n + offset for n in matcher.all_ids())


def bitset(docnums, size: int) -> int:
    bits = bytearray((size + 7) >> 3)
    for n in docnums:
        bits[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(bits, "little")


@dataclass
class Snapshot:
    ix: object
    searcher: object
    #: Bitset of live documents.
    everything: int
    #: facet -> value -> bitset; "subtheme" values are "parent/child".
    facets: dict[str, dict[str, int]]
    #: Live document numbers in accent-insensitive alphabetical order.
    alphabetical: list[int]
    #: Organisation id by document number.
    oids: object
    #: Which table of contents the searcher read (a rebuilt directory restarts generations).
    signature: tuple = ()
    #: Alphabetical position by document number.
    rank: dict = field(default_factory=dict)
    #: Bitsets of terms already asked for (a filter cache, as search servers keep).
    terms: dict = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.searcher.reader().doc_count_all()

    def term(self, fieldname: str, text: str) -> int:
        """Documents holding a term, as a bitset (cached for this generation of the index)."""
        key = (fieldname, text)
        bits = self.terms.get(key)
        if bits is None:
            if len(self.terms) > TERM_CACHE:
                self.terms.clear()
            bits = bitset(postings(self.searcher, fieldname, text), self.size) & self.everything
            self.terms[key] = bits
        return bits

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
        if mask == self.everything:
            return self.alphabetical[start : start + count]
        size = self.size
        if mask.bit_count() * 16 >= size:
            # Dense: walking the alphabetical order finds enough documents quickly.
            bits = mask.to_bytes((size + 7) >> 3, "little")
            found, seen = [], 0
            for n in self.alphabetical:
                if bits[n >> 3] >> (n & 7) & 1:
                    if seen >= start:
                        found.append(n)
                        if len(found) == count:
                            break
                    seen += 1
            return found
        docnums = members(mask)
        docnums.sort(key=self.rank.__getitem__)
        return docnums[start : start + count]

    @classmethod
    def build(cls, ix, searcher) -> "Snapshot":
        reader = searcher.reader()
        size = reader.doc_count_all()
        live = list(reader.all_doc_ids())
        everything = bitset(live, size)
        facets = {}
        for name in FACET_FIELDS:
            facets[name] = {
                term.decode(): bitset(postings(searcher, name, term.decode()), size) & everything
                for term in reader.lexicon(name)
            }
        names = reader.column_reader("sort_name") if size else []
        alphabetical = sorted(live, key=lambda n: (names[n], n))
        oids = reader.column_reader("oid") if size else []
        rank = {n: i for i, n in enumerate(alphabetical)}
        return cls(ix, searcher, everything, facets, alphabetical, oids, rank=rank)


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
        ix = indexer.open_index(app)
        searcher = ix.searcher()
        fresh = Snapshot.build(ix, searcher)
        fresh.signature = signature
        _snapshots[key] = fresh
        return fresh


def forget(app: Flask) -> None:
    """Drops this process's snapshot (after an error reading the index)."""
    with _lock:
        snap = _snapshots.pop(str(indexer.index_dir(app)), None)
    if snap is not None:
        with contextlib.suppress(Exception):
            snap.searcher.close()
