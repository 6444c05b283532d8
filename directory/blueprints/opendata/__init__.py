"""Open data pages: the JSON API, downloads, the staff's import page."""
