"""iCalendar: writing the agenda's feeds, publishing them, reading organisations' own feeds."""
