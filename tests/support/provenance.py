"""Reading provenance off a page: the "Example" badge (with its accessible name) and the
"Source: … as of …" line, in the element that holds one fact or figure."""

import re
from html.parser import HTMLParser

# templates/partials/example_badge.html, in English: a note whose accessible name says what an
# example is, so that a screen reader says more than the one word.
BADGE = re.compile(
    r'<span class="badge badge--example" role="note" '
    r'aria-label="Example: shows how the portal works; it did not happen.">Example</span>'
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Elements(HTMLParser):
    """Every element's tag and its span in the source."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.stack: list[tuple[str, int]] = []
        self.spans: list[tuple[str, int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self._offset()))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                start = self.stack[index][1]
                end = self.text.index(">", self._offset()) + 1
                self.spans.append((tag, start, end))
                del self.stack[index:]
                return


def element_with(html: str, text: str, tag: str = "li") -> str:
    """The innermost `tag` element whose source contains `text`."""
    parser = _Elements(html)
    parser.feed(html)
    found = [
        html[start:end]
        for name, start, end in parser.spans
        if name == tag and text in html[start:end]
    ]
    assert found, f"no <{tag}> holds {text!r}"
    return min(found, key=len)


def badges(html: str) -> int:
    """How many example badges, with their accessible name, `html` holds."""
    return len(BADGE.findall(html))


def says_source(html: str, source: str, *, as_of: str = "", link: str = "") -> bool:
    """Whether `html` names `source` (linked to `link` if given) and, if given, the as-of date."""
    named = f'<a href="{link}">{source}</a>' if link else source
    line = f"Source: {named}"
    return line in html and (not as_of or f"as of {as_of}" in html)
