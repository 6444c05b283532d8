"""Browser fixtures: the real app served on loopback, driven by Playwright in Debian's Chromium.

No browser is downloaded: Playwright launches /usr/bin/chromium (`apt-get install chromium`).
Without it the browser tests are skipped, unless DIRECTORY_BROWSER_TESTS=required (CI),
where a missing browser is an error rather than a silent skip.
"""

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture(scope="session")
def live_server(app):
    """Base URL of the app served by a threaded werkzeug server on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests"
        if os.environ.get("DIRECTORY_BROWSER_TESTS") == "required":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Recorder:
    """Every request a page makes, and every console error or uncaught script error."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme != "data" and urlsplit(url).hostname != "127.0.0.1"
        ]


def new_page(browser, live_server, **options):
    """A page in a fresh context (own cookies), with a recorder at page.recorder."""
    options.setdefault("locale", "fr-FR")
    options.setdefault("timezone_id", "Europe/Paris")
    context = browser.new_context(base_url=live_server, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.recorder = Recorder(page)
    return page


@pytest.fixture
def page(browser, live_server, db):
    page = new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


@pytest.fixture
def mobile_page(browser, live_server, db):
    page = new_page(browser, live_server, viewport={"width": 360, "height": 740})
    yield page
    page.context.close()


@pytest.fixture
def no_js_page(browser, live_server, db):
    page = new_page(
        browser, live_server, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield page
    page.context.close()
