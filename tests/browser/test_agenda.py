"""The agenda in a browser: no CSP violation (JSON-LD included), the copy button, framing."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from directory.core.dates import today_paris
from tests.factories import EventFactory, OrganizationFactory, paris_time

pytestmark = pytest.mark.browser

#: Records CSP violations as the page reports them (init scripts are not subject to the CSP).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def event(db):
    org = OrganizationFactory(nom="Comité des fêtes", slug="comite-des-fetes")
    start = paris_time(today_paris() + timedelta(days=3), 20, 30)
    event = EventFactory(
        title="Bal </script> du comité",
        slug="bal-du-comite",
        organization=org,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    db.session.commit()
    return event


def agenda_pages(event) -> list[str]:
    day = today_paris()
    return [
        "/agenda",
        "/agenda?periode=semaine&gratuit=1",
        f"/agenda/mois/{day.year}/{day.month}",
        f"/agenda/evenements/{event.id}-{event.slug}",
        "/agenda/organisations/comite-des-fetes",
        "/agenda/communes/pont-sur-yonne",
        "/agenda/integrer",
        "/agenda/integrer/aide",
        "/annuaire/comite-des-fetes",
    ]


def test_agenda_pages_log_no_csp_violation(page, event):
    page.add_init_script(CSP_LISTENER)
    for path in agenda_pages(event):
        response = page.goto(path, wait_until="networkidle")
        assert response.status == 200, path
        assert page.evaluate("window.__cspViolations") == [], path
    assert page.recorder.errors == []
    assert page.recorder.foreign_requests() == []
    # The event page's structured data is there and readable, not executed nor blocked.
    page.goto(f"/agenda/evenements/{event.id}-{event.slug}")
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert [d["name"] for d in data] == ["Bal </script> du comité"] * 3  # one per date
    assert page.locator("h1").inner_text().startswith("Bal </script> du comité")
    # The listener does catch violations: an inline style set by script is refused.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")


def test_copy_button_copies_the_feed_address(page, event):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/agenda?commune=pont-sur-yonne")
    field = page.locator("#adresse-flux")
    address = field.input_value()
    assert address.endswith("/agenda.ics?commune=pont-sur-yonne")
    page.get_by_role("button", name="Copier").click()
    # The copy is asynchronous: wait for the message (is_visible() would not wait).
    page.get_by_role("status").filter(has_text="Adresse copiée").wait_for(state="visible")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert page.recorder.errors == []


def test_without_javascript_the_address_is_still_there_without_a_dead_button(no_js_page, event):
    no_js_page.goto("/agenda")
    assert no_js_page.locator("#adresse-flux").input_value().endswith("/agenda.ics")
    assert no_js_page.get_by_role("button", name="Copier").count() == 0


@pytest.fixture
def other_site(live_server):
    """Another origin (another loopback port) whose page frames the agenda and another page."""
    body = (
        f'<iframe id="embed" src="{live_server}/agenda/integrer"></iframe>'
        f'<iframe id="full" src="{live_server}/agenda"></iframe>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def test_only_the_embeddable_agenda_shows_inside_another_site(page, event, other_site):
    page.goto(other_site, wait_until="networkidle")
    embed = page.frame_locator("#embed")
    assert "Bal </script> du comité" in embed.locator("main").inner_text()
    # The rest of the site refuses to be framed: Chromium shows its error page instead.
    full = page.frame_locator("#full")
    assert full.locator(".site-header").count() == 0
    assert any("frame-ancestors" in e for e in page.recorder.errors), page.recorder.errors
