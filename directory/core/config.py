"""Configuration: offline defaults (SQLite, index under instance/), DIRECTORY_* env overrides."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_config(app, test_config=None):
    """Fill app.config from defaults, then the environment, then an explicit mapping (tests)."""
    instance = Path(app.instance_path)
    defaults = {
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'directory.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        # Where the territory (its name and communes) is described.
        "TERRITORY_FILE": str(ROOT / "data" / "territories" / "yonne-nord.toml"),
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "RESULTS_PER_PAGE": 20,
        # Any request body above this is refused (413) before it is read: uploads stay small.
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        #: Reverse proxies in front of the app (1 behind nginx): their X-Forwarded-* are trusted.
        "PROXY_COUNT": 0,
        #: Processes laying out a long printed edition at once (None: one per core, at most
        #: 4; 1: all in the web worker). See printing.workers.
        "PRINT_WORKERS": None,
    }
    app.config.from_mapping(defaults)
    app.config.from_prefixed_env(prefix="DIRECTORY")
    if test_config:
        app.config.from_mapping(test_config)
    os.makedirs(instance, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        # psycopg 3 is the driver we ship.
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://"):]


def _instance_secret(path: Path) -> str:
    """A random key kept in instance/ when DIRECTORY_SECRET_KEY is not set (fresh machine, demo)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # another process wrote it first
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
