"""Audience counts: what a visit adds, and that nothing kept identifies a person."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import inspect, select

from directory.core.dates import today_paris
from directory.observatory import counting
from directory.observatory.models import CountKind, DailyCount, DailySalt, DailyVisitor
from tests.factories import OrganizationFactory, commune


def counts(db, kind):
    """The counts written (the test client does not close responses: write them here, as the
    server does once a response is sent)."""
    counting.flush(current_app._get_current_object())
    db.session.expire_all()
    rows = db.session.execute(
        select(DailyCount.key, DailyCount.count).where(DailyCount.kind == kind)).all()
    return dict(rows)


def test_page_views_are_counted_per_section_and_searches_per_scope(client, db):
    client.get("/annuaire")
    client.get("/annuaire?q=judo")
    client.get("/agenda")
    client.get("/partenaires?q=aide+alimentaire")
    client.get("/moderation/")  # not a public section
    client.get("/annuaire", headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    assert counts(db, CountKind.PAGE) == {"annuaire": 2, "agenda": 1, "partenaires": 1}
    assert counts(db, CountKind.SEARCH) == {"annuaire": 1, "partenaires": 1}


def test_feed_subscribers_are_distinct_per_day_from_a_salted_hash(client, db):
    for agent in ("Calendrier/1", "Calendrier/1", "Thunderbird/128"):
        client.get("/agenda.ics", headers={"User-Agent": agent})
    assert counts(db, CountKind.FEED) == {"/agenda.ics": 3}
    digests = db.session.scalars(select(DailyVisitor.digest).where(
        DailyVisitor.key == "/agenda.ics")).all()
    assert len(digests) == 2
    for digest in digests:
        assert "127.0.0.1" not in digest and "Calendrier" not in digest
    assert all(v.day == today_paris() for v in db.session.scalars(select(DailyVisitor)))


def test_counts_are_written_once_the_response_is_sent(client, db):
    response = client.get("/agenda")
    assert db.session.scalar(select(DailyCount.count)) is None
    response.close()  # what the server does after sending it
    assert db.session.scalar(select(DailyCount.count)) == 1


def test_a_printed_qr_code_is_counted_by_edition_and_area_then_the_page_drops_the_tag(client,
                                                                                       db):
    org = OrganizationFactory(nom="Judo club")
    db.session.commit()
    response = client.get(f"/annuaire/{org.slug}?qr=annuaire.fiche")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/annuaire/{org.slug}"
    assert client.get("/agenda?commune=sergines&qr=agenda-2027-t1.evenement").headers[
        "Location"] == "/agenda?commune=sergines"
    client.get("/?qr=n-importe-quoi")  # not a code the editions print: not counted
    assert counts(db, CountKind.QR) == {"annuaire.fiche": 1, "agenda-2027-t1.evenement": 1}


def test_downloads_of_printed_editions_are_counted_per_edition(client, db):
    OrganizationFactory(nom="Comité des fêtes", communes=[commune("sergines")])
    db.session.commit()
    assert client.get("/editions/communes/sergines.pdf").status_code == 200
    assert client.get("/editions/communes/inconnue.pdf").status_code == 404
    assert counts(db, CountKind.DOWNLOAD) == {"affiche-sergines": 1}


def test_the_days_hashes_and_salt_are_counted_then_dropped_the_next_day(app, db, runner):
    today = today_paris()
    yesterday = today - timedelta(days=1)
    db.session.add(DailySalt(day=yesterday, salt=b"x" * 32))
    for digest in ("a" * 32, "b" * 32):
        db.session.add(DailyVisitor(day=yesterday, key="/agenda.ics", digest=digest))
        db.session.add(DailyVisitor(day=yesterday, key=counting.ALL_FEEDS, digest=digest))
    db.session.add(DailyVisitor(day=today, key=counting.ALL_FEEDS, digest="c" * 32))
    old = counting.retention_start(today) - timedelta(days=1)
    db.session.add(DailyCount(day=old, kind=CountKind.PAGE, key="annuaire", count=9))
    db.session.add(DailyCount(day=old + timedelta(days=1), kind=CountKind.PAGE, key="agenda",
                              count=4))
    db.session.commit()

    result = runner.invoke(args=["observatory", "purge"])
    assert result.exit_code == 0, result.output
    assert "4 empreinte(s)" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(DailySalt)).all() == []
    assert [v.day for v in db.session.scalars(select(DailyVisitor))] == [today]
    assert counts(db, CountKind.SUBSCRIBERS) == {"/agenda.ics": 2, counting.ALL_FEEDS: 2}
    # 25 months kept, not a day more.
    assert counts(db, CountKind.PAGE) == {"agenda": 4}
    assert counting.subscribers(yesterday, today) == 2 + 1


def test_nothing_counted_identifies_a_person(app, client, db):
    address, agent = "203.0.113.77", "NavigateurTresReconnaissable/9.9"
    visitor = app.test_client()
    environ = {"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent}
    for path in ("/annuaire?q=judo", "/agenda", "/agenda.ics", "/partenaires?q=aide"):
        response = visitor.get(path, environ_base=environ)
        assert "Set-Cookie" not in response.headers, path  # no cookie for counting
    counting.flush(app)
    tables = [DailyCount, DailyVisitor, DailySalt]
    stored = " ".join(
        repr(tuple(getattr(row, c.key) for c in inspect(model).columns))
        for model in tables for row in db.session.scalars(select(model)))
    assert stored  # something was counted…
    for secret in (address, agent, "203.0.113", "Reconnaissable"):
        assert secret not in stored  # …and nothing of the visitor
    # The only per-visitor value: a hash that needs the day's salt, deleted tomorrow.
    digest = db.session.scalars(select(DailyVisitor.digest).where(
        DailyVisitor.key == "/agenda.ics")).one()
    salt = db.session.scalars(select(DailySalt.salt)).one()
    assert digest == counting.visitor_digest(salt, address, agent)
    assert digest != counting.visitor_digest(b"another day's salt", address, agent)


def test_counting_never_breaks_a_page(app, client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(counting, "write", broken)
    response = client.get("/agenda")
    assert response.status_code == 200
    response.close()  # the write fails after the response: the counts wait for the next time
    assert counting.buffer(app).counts
