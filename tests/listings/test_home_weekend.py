"""The home page shows the coming week-end's dates of the agenda, and a way into the agenda."""

from datetime import timedelta

from directory.agenda.queries import _period_bounds
from directory.core.dates import today_paris
from tests.factories import EventFactory


def test_home_page_lists_the_coming_week_end_and_leads_to_the_agenda(client, db):
    saturday, sunday = _period_bounds("week-end", today_paris())
    # All-day dates: never over before the day ends, whatever the hour the test runs.
    EventFactory(title="Brocante des bords de l'Yonne", start_date=sunday)
    EventFactory(title="Loto de la semaine suivante", start_date=sunday + timedelta(days=1))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    section = html[html.index('id="ce-week-end"'):html.index('id="par-theme"')]
    assert "Brocante des bords de l&#39;Yonne" in section
    assert "Loto de la semaine suivante" not in section
    assert 'href="/agenda?periode=week-end"' in section
    assert 'href="/agenda"' in section


def test_home_page_says_when_nothing_is_announced_for_the_week_end(client, db):
    html = client.get("/").get_data(as_text=True)
    assert "Aucun événement n'est encore annoncé pour ce week-end." in html
    assert "Voir tout l'agenda" in html
