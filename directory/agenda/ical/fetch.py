"""Fetching an organisation's feed over HTTP without reaching the server's own network.

The name is resolved once per hop (`resolve`), every address is checked, and the connection
goes to the checked address (no second lookup a rebinding DNS server could answer
differently); each redirect is resolved and checked again. IPv6 spellings of IPv4 addresses
(mapped, compatible, NAT64, 6to4, Teredo) are judged by the IPv4 address they carry. The whole
fetch, headers and body, has one deadline: a server trickling bytes cannot hold the import.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

TIMEOUT = 15  # seconds, for the whole fetch (connection, headers, body, redirects)
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "AgendaIntercommunal/1.0 (import iCalendar)"
SCHEMES = {"http", "https"}
REDIRECTS = {301, 302, 303, 307, 308}

#: IPv6 prefixes whose last 32 bits are an IPv4 address a gateway would connect to.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
#: Deprecated IPv4-compatible addresses (::a.b.c.d): never a real server.
_COMPATIBLE = ipaddress.ip_network("::/96")


class FeedError(Exception):
    """A feed that cannot be read; the message is French, for the organisation's page."""


@dataclass
class Fetched:
    not_modified: bool
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (the one DNS lookup of a hop)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def is_public(value: str) -> bool:
    """A global address, whatever IPv6 spelling of an IPv4 address it hides behind."""
    address = ipaddress.ip_address(value.split("%")[0])
    if address.version == 6:
        if address in _COMPATIBLE:
            return False
        embedded = address.ipv4_mapped or address.sixtofour
        if address.teredo:
            embedded = address.teredo[1]
        if any(address in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not embedded.is_global:
            return False
    return address.is_global


def _target(url: str, allow_private: bool) -> tuple:
    """(scheme, host, port, path, address to connect to) of an http(s) URL that may be read."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or not parts.hostname:
        raise FeedError("L'adresse doit commencer par http:// ou https://.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise FeedError("L'adresse n'est pas valide.") from error
    try:
        addresses = resolve(parts.hostname, port)
    except (OSError, UnicodeError) as error:
        raise FeedError("Le nom du serveur est introuvable.") from error
    if not addresses:
        raise FeedError("Le nom du serveur est introuvable.")
    try:
        public = all(is_public(a) for a in addresses)
    except ValueError as error:
        raise FeedError("Le nom du serveur est introuvable.") from error
    if not public and not allow_private:
        raise FeedError("Cette adresse ne peut pas être lue depuis l'agenda.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port, path, addresses[0]


def check_url(url: str, allow_private: bool = False) -> None:
    """http(s) only, and (unless allowed) no address of the server's own network."""
    _target(url, allow_private)


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address
        #: The socket, kept after http.client hands it to the response.
        self.pinned = None

    def connect(self):
        self.sock = self.pinned = socket.create_connection((self.address, self.port),
                                                           self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address
        self.pinned = None

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked against the name, not the address.
        self.sock = self.pinned = self._context.wrap_socket(sock, server_hostname=self.host)


class _Deadline:
    """Closes the connection when the fetch's time is up (a read blocked on a slow server
    returns at once); `expired` tells the caller why it failed."""

    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds
        self.expired = False
        self.connection = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @property
    def passed(self) -> bool:
        """Cut off by the timer, or a read's own timeout reached the deadline first."""
        return self.expired or time.monotonic() >= self.ends - 0.1

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError
        return left

    def _expire(self):
        self.expired = True
        connection = self.connection
        if connection is not None and connection.pinned is not None:
            with contextlib.suppress(OSError):
                connection.pinned.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()


def fetch(
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    allow_private: bool = False,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> Fetched:
    """GET the feed, conditionally when validators are known; FeedError on any failure."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with _Deadline(timeout) as deadline:
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                scheme, host, port, path, address = _target(url, allow_private)
                result = _get(scheme, host, port, path, address, headers, deadline, max_bytes)
                if isinstance(result, Fetched):
                    if result.not_modified:
                        result.etag, result.last_modified = etag, last_modified
                    return result
                url = urljoin(url, result)  # a redirect: checked again at the next hop
            raise FeedError("Le serveur redirige trop de fois.")
        except FeedError:
            if deadline.passed:
                raise FeedError(_TOO_SLOW) from None
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            if deadline.passed:
                raise FeedError(_TOO_SLOW) from error
            raise FeedError("Le serveur ne répond pas ou refuse la connexion.") from error


_TOO_SLOW = "Le serveur est trop lent : le calendrier n'a pas été lu à temps."
_TOO_BIG = "Le calendrier est trop volumineux (plus de 5 Mo)."


def _get(scheme, host, port, path, address, headers, deadline, max_bytes) -> "Fetched | str":
    """One request; a Fetched, or the Location of a redirect."""
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, timeout=deadline.remaining())
    deadline.connection = connection
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        if response.status in REDIRECTS and response.getheader("Location"):
            return response.getheader("Location")
        if response.status == 304:
            return Fetched(True)
        if response.status >= 400 or response.status < 200:
            raise FeedError(f"Le serveur a répondu par une erreur (HTTP {response.status}).")
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FeedError(_TOO_BIG)
        chunks, size = [], 0
        while True:
            connection.pinned.settimeout(deadline.remaining())
            chunk = response.read1(65536)
            if deadline.expired:  # the connection was cut: what came is not the whole feed
                raise FeedError(_TOO_SLOW)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FeedError(_TOO_BIG)
            chunks.append(chunk)
        return Fetched(False, b"".join(chunks), response.getheader("ETag"),
                       response.getheader("Last-Modified"))
    finally:
        deadline.connection = None
        connection.close()
        if connection.pinned is not None:
            connection.pinned.close()
