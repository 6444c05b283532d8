"""The index schema: one document per published organisation."""

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from directory.search.analysis import folded_analyzer, french_analyzer

#: Stemmed text fields and their weight in the score.
TEXT_FIELDS = {
    "name": 6.0,
    "sigle": 4.0,
    "resume": 2.0,
    "themes": 2.0,
    "communes": 2.0,
    "services": 1.5,
    "publics": 1.0,
    "description": 1.0,
}

#: Facets: field name in the index (the `subtheme` field holds "parent/child" slugs).
FACET_FIELDS = ("theme", "subtheme", "public", "commune", "type", "benevoles")


def build_schema() -> Schema:
    french = french_analyzer()
    # No positions (no phrase queries): a smaller index, built faster.
    fields = {name: TEXT(analyzer=french, phrase=False) for name in TEXT_FIELDS}
    return Schema(
        id=ID(unique=True),
        #: The organisation id, read by document number without loading stored fields.
        oid=NUMERIC(int, bits=64, sortable=True, signed=False),
        #: Everything searchable, folded but not stemmed: typos, prefixes and spelling suggestions.
        folded=TEXT(analyzer=folded_analyzer(), phrase=False, spelling=True),
        sort_name=ID(sortable=True),
        #: Hash of the document, compared by `check()` with one rebuilt from the database.
        digest=STORED(),
        **fields,
        **{name: KEYWORD(commas=True) for name in FACET_FIELDS},
    )
