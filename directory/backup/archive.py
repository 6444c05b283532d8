"""The backup archive: written from one consistent read, restored into an empty database.

Layout of the .tar.gz: `manifest.json` (format, date, schema revision, row counts, files),
`tables/<table>.jsonl` (one row per line, see values.py), `files/<folder>/<name>` (uploads),
`secret_key` (the instance's file, when it is the key in use: signed links sent by mail stay
valid). Rows are portable: an SQLite backup restores onto PostgreSQL and back.
"""

import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import Connection, Table, func, inspect, select, text, update

from directory.backup import values
from directory.core.extensions import db

FORMAT = 1
#: Upload folders of older versions under the instance folder (uploads now live in the
#: database, table uploaded_files; `flask uploads import-files` moves these in).
FOLDERS = ("logos", "event-images")
#: Rows loaded per statement.
BATCH = 1000


class BackupError(RuntimeError):
    """A French message for the operator."""


@dataclass
class Summary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    revision: str | None = None


def _tables() -> list[Table]:
    """Every table of the models, parents before children."""
    return list(db.metadata.sorted_tables)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _snapshot(conn: Connection) -> None:
    """All reads below see the database as of one instant, while the site keeps writing."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    else:  # SQLite: a read transaction holds its snapshot once it has read
        conn.exec_driver_sql("BEGIN")
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master")


def _order(table: Table):
    return list(table.primary_key.columns) or list(table.columns)


def create(path: Path | None = None) -> Summary:
    """Writes the archive (default: instance/backups/sauvegarde-<UTC date and time>.tar.gz)."""
    instance = Path(current_app.instance_path)
    now = datetime.now(UTC)
    if path is None:
        path = instance / "backups" / f"sauvegarde-{now:%Y%m%d-%H%M%S}.tar.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary(path)
    work = Path(tempfile.mkdtemp(prefix="backup-", dir=path.parent))
    try:
        (work / "tables").mkdir()
        with db.engine.connect() as conn:
            conn.begin()
            _snapshot(conn)
            summary.revision = _revision(conn)
            for table in _tables():
                count = 0
                with (work / "tables" / f"{table.name}.jsonl").open("w") as out:
                    result = conn.execution_options(yield_per=BATCH).execute(
                        select(table).order_by(*_order(table)))
                    for row in result.mappings():
                        out.write(values.dumps(dict(row)) + "\n")
                        count += 1
                summary.rows[table.name] = count
            conn.rollback()
        files = []
        for folder in FOLDERS:
            source = instance / folder
            if source.is_dir():
                files += [f"{folder}/{p.name}" for p in sorted(source.iterdir())
                          if p.is_file() and not p.name.endswith(".part")]
        summary.files = len(files)
        manifest = {"format": FORMAT, "created_at": now.isoformat(),
                    "revision": summary.revision, "rows": summary.rows, "files": files}
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            for table in summary.rows:
                tar.add(work / "tables" / f"{table}.jsonl", f"tables/{table}.jsonl")
            for name in files:
                tar.add(instance / name, f"files/{name}")
            secret = instance / "secret_key"
            # Only the key this instance signs with (not one the environment overrides).
            if secret.is_file() and secret.read_text().strip() == current_app.secret_key:
                tar.add(secret, "secret_key")
        partial.replace(path)
        os.chmod(path, 0o600)  # personal data and the key that signs sessions
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return summary


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError("Ce fichier n'est pas une sauvegarde de l'annuaire.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')}.")
    return manifest


def _non_empty_tables(conn: Connection) -> list[str]:
    names = set(inspect(conn).get_table_names())
    return [t.name for t in _tables()
            if t.name in names and conn.execute(select(func.count()).select_from(t)).scalar()]


def restore(path: Path) -> Summary:
    """Loads the archive into an empty database (migrated to the archive's revision first,
    then to the newest), puts the uploads back and rebuilds the search index."""
    from directory import search

    instance = Path(current_app.instance_path)
    summary = Summary(path)
    with _open(path) as tar:
        manifest = _read_manifest(tar)
        summary.revision = manifest["revision"]
        with db.engine.connect() as conn:
            current = _revision(conn)
            filled = _non_empty_tables(conn) if current else []
        if current is not None and current != summary.revision:
            raise BackupError(
                f"La base est au schéma {current}, la sauvegarde au schéma "
                f"{summary.revision} : restaurez dans une base vide.")
        # Referential rows a fresh install already holds (territory sync) come from the
        # archive instead; anything else means the database is in use.
        kept = {"communes", "themes", "publics"}
        if set(filled) - kept:
            raise BackupError(
                "La base n'est pas vide (" + ", ".join(sorted(set(filled) - kept)) + ") : "
                "la restauration ne remplace rien, elle remplit une base neuve.")
        if current is None:
            upgrade(revision=summary.revision)
        with db.engine.begin() as conn:
            for table in reversed(_tables()):
                if table.name in filled:
                    conn.execute(table.delete())
            for table in _tables():
                summary.rows[table.name] = _load_table(conn, tar, table)
            _reset_sequences(conn)
        upgrade()  # an archive from an older version: its schema brought up to date
        summary.files = _restore_files(tar, manifest["files"], instance)
        secret = _member(tar, "secret_key")
        if secret is not None:
            (instance / "secret_key").write_bytes(secret)
            os.chmod(instance / "secret_key", 0o600)
    db.session.remove()
    search.reindex()
    return summary


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")  # noqa: SIM115 (the caller's `with` closes it)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Sauvegarde illisible : {error}") from None


def _member(tar: tarfile.TarFile, name: str) -> bytes | None:
    try:
        member = tar.extractfile(name)
    except KeyError:
        return None
    return member.read() if member is not None else None


def _load_table(conn: Connection, tar: tarfile.TarFile, table: Table) -> int:
    member = tar.extractfile(f"tables/{table.name}.jsonl") if _has(tar, table.name) else None
    if member is None:
        return 0  # a table newer than the archive
    columns = {c.name for c in table.columns}
    # A row may point at a later row of its own table (a merged listing, a sub-theme): such
    # links are set once every row is in.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    pk = [c.name for c in table.primary_key.columns]
    links, batch, count = [], [], 0
    for line in io.TextIOWrapper(member, encoding="utf-8"):
        row = {k: v for k, v in values.loads(line).items() if k in columns}
        for name in self_refs:
            if row.get(name) is not None:
                links.append(({k: row[k] for k in pk}, name, row[name]))
                row[name] = None
        batch.append(row)
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        conn.execute(table.insert(), batch)
        count += len(batch)
    for key, name, value in links:
        conn.execute(update(table).where(*(table.c[k] == v for k, v in key.items()))
                     .values({name: value}))
    return count


def _has(tar: tarfile.TarFile, table: str) -> bool:
    try:
        tar.getmember(f"tables/{table}.jsonl")
    except KeyError:
        return False
    return True


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL hands out ids from sequences: after explicit ids, they start past the last."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        for column in table.primary_key.columns:  # NULL for a column without a sequence
            sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                    {"t": table.name, "c": column.name}).scalar()
            if sequence:
                conn.execute(text(
                    f"SELECT setval('{sequence}', coalesce((SELECT max({column.name}) "
                    f"FROM {table.name}), 0) + 1, false)"))


def _restore_files(tar: tarfile.TarFile, names: list[str], instance: Path) -> int:
    count = 0
    for name in names:
        folder, _, file_name = name.partition("/")
        if folder not in FOLDERS or not file_name or "/" in file_name or file_name[0] == ".":
            continue  # only files of the upload folders, never a path elsewhere
        data = _member(tar, f"files/{name}")
        if data is None:
            continue
        target = instance / folder / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        count += 1
    return count
