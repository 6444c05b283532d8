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
        # Any request body above this is refused (413) before it is read. Below it, a file
        # over its own limit (logo 2 Mo, event image 4 Mo) is refused next to its field, with
        # the rest of the form kept: a phone's 20 Mo photo gets that clear answer.
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        #: "production" makes the settings below mandatory (check_production); anything else
        #: (the default) is development, demo or tests.
        "ENV": "development",
        #: The site's public address: every absolute URL (mails, feeds, QR codes, API) is built
        #: on it, never on the request's Host (core.urls). None: http://127.0.0.1:5000 (demo).
        "PUBLIC_URL": None,
        #: Host names requests may name (Flask answers 400 to any other). None: the public
        #: address's host plus localhost and 127.0.0.1 outside production.
        "TRUSTED_HOSTS": None,
        #: Forwarded headers the reverse proxy sets, and how many proxies set each:
        #: {"x_for": 1, "x_proto": 1} behind one nginx. Only the headers named are believed.
        "PROXY_HEADERS": {},
        #: Shorthand kept for older configurations: PROXY_COUNT=n believes X-Forwarded-For and
        #: X-Forwarded-Proto from n proxies (never X-Forwarded-Host).
        "PROXY_COUNT": 0,
        #: Processes laying out a long printed edition at once (None: one per core, at most
        #: 4; 1: all in the job worker's own process). See printing.workers.
        "PRINT_WORKERS": None,
    }
    app.config.from_mapping(defaults)
    app.config.from_prefixed_env(prefix="DIRECTORY")
    if test_config:
        app.config.from_mapping(test_config)
    os.makedirs(instance, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    _public_address(app)
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


#: ProxyFix's arguments, one per forwarded header it can believe.
PROXY_HEADER_NAMES = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


class ProductionConfigError(RuntimeError):
    """The app was started in production mode without the settings production needs."""


def is_production(app) -> bool:
    return str(app.config.get("ENV", "")).lower() == "production"


def proxy_headers(app) -> dict[str, int]:
    """ProxyFix's arguments: the headers PROXY_HEADERS names (PROXY_COUNT: for and proto)."""
    headers = dict(app.config.get("PROXY_HEADERS") or {})
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count and not headers:
        headers = {"x_for": count, "x_proto": count}
    unknown = set(headers) - set(PROXY_HEADER_NAMES)
    if unknown:
        raise ProductionConfigError(
            f"DIRECTORY_PROXY_HEADERS: en-têtes inconnus {sorted(unknown)} "
            f"(possibles : {', '.join(PROXY_HEADER_NAMES)})"
        )
    return {name: int(n) for name, n in headers.items() if int(n) > 0}


def _public_address(app) -> None:
    """Check PUBLIC_URL, derive TRUSTED_HOSTS outside production, refuse a bare production."""
    from urllib.parse import urlsplit

    config = app.config
    public = config.get("PUBLIC_URL")
    if public:
        parts = urlsplit(public)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProductionConfigError(
                f"DIRECTORY_PUBLIC_URL doit être une adresse http(s) complète : {public!r}"
            )
        # An https public address: Secure cookie, HSTS (core.sessions, core.headers).
        config["PREFERRED_URL_SCHEME"] = parts.scheme
    hosts = config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):
        hosts = [h.strip() for h in hosts.split(",") if h.strip()]
        config["TRUSTED_HOSTS"] = hosts
    if is_production(app):
        missing = [name for name, value in (("DIRECTORY_PUBLIC_URL", public),
                                            ("DIRECTORY_TRUSTED_HOSTS", hosts)) if not value]
        if missing:
            raise ProductionConfigError(
                "Mode production (DIRECTORY_ENV=production) : réglages manquants "
                + ", ".join(missing) + " (voir la section « Production » du README)."
            )
    elif not hosts:
        from directory.core.urls import DEFAULT_PUBLIC_URL

        host = urlsplit(public or DEFAULT_PUBLIC_URL).hostname
        config["TRUSTED_HOSTS"] = sorted({host, "localhost", "127.0.0.1"})
