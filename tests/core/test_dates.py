"""Dates read as a French reader writes them."""

from datetime import date, datetime

from directory.core.dates import PARIS, date_fr, datetime_fr, day_fr


def test_the_first_of_the_month_is_written_premier():
    assert date_fr(date(2027, 1, 1)) == "1er janvier 2027"
    assert date_fr(date(2027, 1, 1), "EEEE d MMMM") == "vendredi 1er janvier"
    assert day_fr(date(2027, 3, 1)) == "1er mars"
    assert datetime_fr(datetime(2027, 5, 1, 10, 0, tzinfo=PARIS)).startswith("1er mai 2027")
    # Only the first: other days, and numeric patterns, stay as they are.
    assert date_fr(date(2027, 1, 11)) == "11 janvier 2027"
    assert date_fr(date(2027, 1, 1), "dd/MM/yyyy") == "01/01/2027"
