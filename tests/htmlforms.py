"""Read a form out of a page the way a browser would submit it, so tests post what people post."""

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _FormReader(HTMLParser):
    def __init__(self, action: str | None):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: dict | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        wanted = self.action is None or a.get("action") == self.action
        if tag == "form" and not self.done and wanted:
            self.inside = True
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select = name
            self._multiple = "multiple" in a
            self._first = None
            self._chosen = False
        elif tag == "option" and self._select:
            self._option = {"value": a.get("value"), "selected": "selected" in a}
            self._text = ""

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline right after <textarea>.
            text = self._text.removeprefix("\r\n") if self._text.startswith("\r") else (
                self._text.removeprefix("\n"))
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option["value"]
            value = value if value is not None else self._text
            if self._first is None:
                self._first = value
            if self._option["selected"]:
                self.fields.append((self._select, value))
                self._chosen = True
            self._option = None
        elif tag == "select" and self._select is not None:
            # A single select without a selected option sends its first option.
            if not self._multiple and not self._chosen and self._first is not None:
                self.fields.append((self._select, self._first))
            self._select = None
        elif tag == "form":
            self.inside = False
            self.done = True


def form_fields(html: str, action: str | None = None) -> MultiDict:
    """The fields of the form posting to `action` (or the first form), as a browser sends them."""
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.done, f"no form with action {action!r}"
    return MultiDict(reader.fields)


def fill(data: MultiDict, **values) -> MultiDict:
    """Type into single-valued fields (MultiDict.update would add a second value)."""
    for name, value in values.items():
        data[name] = value
    return data
