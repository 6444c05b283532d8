"""Which search engine the session's app uses: PostgreSQL's on a PostgreSQL test database."""

import os

import pytest

ENGINE = (
    "postgresql"
    if os.environ.get("DIRECTORY_TEST_DATABASE_URL", "").startswith("postgresql")
    else "whoosh"
)

#: Tests of the Whoosh index's own machinery (outbox drains, index files).
whoosh_only = pytest.mark.skipif(ENGINE != "whoosh", reason="Whoosh index machinery")
#: Tests of the PostgreSQL engine's own machinery.
postgresql_only = pytest.mark.skipif(ENGINE != "postgresql", reason="needs PostgreSQL")
