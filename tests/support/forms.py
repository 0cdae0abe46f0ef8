"""Read the forms of a rendered page the way a browser would submit them.

The race tests post what a person's browser would post: the form as the page rendered it
(hidden version, one-time token, preselected options), with only the fields a person types
filled in by the test. This keeps each race recipe to the state it needs and the values
typed, and checks on the way that the page really offers the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def data(self, **typed: str) -> dict[str, str]:
        """The fields as submitted (the first value of each name), with *typed* on top."""
        out: dict[str, str] = {}
        for name, value in self.fields:
            out.setdefault(name, value)
        out.update(typed)
        return out


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.option_value: str | None = None
        self.option_text = ""
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = a.get("hx-post") or a.get("action") or ""
            self.current = Form(urlsplit(action).path)
            self.forms.append(self.current)
            return
        form = self.current
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind in ("submit", "button", "image"):
                form.buttons.append((name, a.get("value", "")))
            elif kind != "file":
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            self.option_value = a.get("value")
            self.option_text = ""
            if "selected" in a:
                self.select_chosen = True
                self._choose(a.get("value"))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def _choose(self, value: str | None) -> None:
        if self.current is not None and self.select is not None:
            self.current.fields.append((self.select, value or ""))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data
        elif self.option_value is None and self.select is not None:
            self.option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "option" and self.select:
            value = self.option_value if self.option_value is not None else self.option_text
            if self.select_first is None and value.strip():
                self.select_first = value.strip()
            self.option_value = None
        elif tag == "select" and self.select:
            if not self.select_chosen:
                self._choose(self.select_first or "")
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.current is not None:
            self.current.fields.append((self.textarea, self.text.strip()))
            self.textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def form_for(html: str, action: str) -> Form | None:
    """The form on the page that posts to *action* (a path), if the page offers one."""
    for form in forms_of(html):
        if form.action == action:
            return form
    return None
