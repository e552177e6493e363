"""A small checker for the markup rules every page must keep.

One h1, headings in order (the error summary's heading, which a refused form's page puts first in
main, before the h1, stands apart), landmarks, labelled form controls, images with alt text, no
inline script or style (a strict Content-Security-Policy is coming), nothing loaded from another
host, and every frame that scrolls sideways (a table's, a chart's) a named region the keyboard
reaches.
"""

from html.parser import HTMLParser

VOID_INPUT_TYPES_WITHOUT_LABEL = {"hidden", "submit", "button", "reset", "image"}
# The classes of the frames that scroll sideways on a phone (static/css/site.css, dashboard.css).
SCROLLING_FRAMES = {"table-wrap", "chart__frame"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.landmarks: set[str] = set()
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.problems: list[str] = []
        self.label_depth = 0
        self.html_lang = None
        self.frames: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        for name in a:
            if name.startswith("on"):
                self.problems.append(f"inline event handler {name}= on <{tag}>")
        if "style" in a:
            self.problems.append(f"inline style on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in a and a.get("type") != "application/json":
            self.problems.append("inline <script>")
        for attr in ("src", "href"):
            url = a.get(attr) or ""
            if tag in {"script", "img", "link", "iframe", "source"} and url.startswith(
                ("http:", "https:", "//")
            ):
                self.problems.append(f"<{tag} {attr}={url}> loads from another host")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            if "error-summary__title" in (a.get("class") or "").split():
                if tag != "h2":
                    self.problems.append(f"the error summary's heading is <{tag}>, not <h2>")
            else:
                self.headings.append(int(tag[1]))
        if tag in {"main", "header", "footer", "nav"}:
            self.landmarks.add(tag)
        if SCROLLING_FRAMES & set((a.get("class") or "").split()):
            self.frames.append(a)
        if tag == "img" and "alt" not in a:
            self.problems.append(f"<img src={a.get('src')}> without alt")
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in {"input", "select", "textarea"}:
            if tag == "input" and a.get("type", "text") in VOID_INPUT_TYPES_WITHOUT_LABEL:
                return
            self.controls.append(
                {
                    "tag": tag,
                    "id": a.get("id"),
                    "name": a.get("name"),
                    "labelled": self.label_depth > 0
                    or bool(a.get("aria-label") or a.get("aria-labelledby") or a.get("title")),
                }
            )

    def handle_endtag(self, tag):
        if tag == "label" and self.label_depth:
            self.label_depth -= 1


def markup_problems(html: str) -> list[str]:
    """Every broken rule on the page, as sentences; an empty list means the page is fine."""
    page = _Collector()
    page.feed(html)
    problems = list(page.problems)
    if not page.html_lang:
        problems.append("<html> without lang")
    if page.headings.count(1) != 1:
        problems.append(f"{page.headings.count(1)} h1 elements (want exactly one)")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading h{after} follows h{before} (a level skipped)")
    if page.headings and page.headings[0] != 1:
        problems.append(f"first heading is h{page.headings[0]}, not h1")
    for landmark in ("main", "header", "footer", "nav"):
        if landmark not in page.landmarks:
            problems.append(f"no <{landmark}> landmark")
    for control in page.controls:
        if not control["labelled"] and control["id"] not in page.label_for:
            problems.append(f"<{control['tag']} name={control['name']}> has no label")
    for frame in page.frames:
        what = f"<div class={frame.get('class')}>"
        if frame.get("tabindex") != "0" or frame.get("role") != "region":
            problems.append(f'{what} scrolls but is not a focusable region (tabindex="0")')
        labelled_by = (frame.get("aria-labelledby") or "").split()
        if not (labelled_by or frame.get("aria-label")):
            problems.append(f"{what} scrolls but has no name")
        for missing in [ref for ref in labelled_by if ref not in page.ids]:
            problems.append(f"{what} is named by #{missing}, which is not on the page")
    names = [region["name"] for region in _named_regions(html)]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.append(f"two regions have the same name ({name})")
    return problems


def sound_page(client, url: str) -> str:
    """The page at `url`, answered 200 and with sound markup."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert markup_problems(page) == [], url
    return page


class _Regions(HTMLParser):
    """The frames that scroll sideways, and the text of every element with an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.frames: list[dict] = []
        self.regions: list[dict] = []  # named sections and role="region": landmarks
        self.text_by_id: dict[str, str] = {}
        self.open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if SCROLLING_FRAMES & set((a.get("class") or "").split()):
            self.frames.append(a)
        if (tag == "section" or a.get("role") == "region") and (
            a.get("aria-labelledby") or a.get("aria-label")
        ):
            self.regions.append(a)
        if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"}:
            self.open.append((tag, a.get("id")))
            if a.get("id"):
                self.text_by_id[a["id"]] = ""

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, element_id in self.open:
            if element_id:
                self.text_by_id[element_id] += data


def _described(page: _Regions, elements: list[dict]) -> list[dict]:
    described = []
    for element in elements:
        refs = (element.get("aria-labelledby") or "").split()
        name = " ".join(page.text_by_id.get(ref, "") for ref in refs) or element.get("aria-label")
        described.append(
            {
                "role": element.get("role"),
                "tabindex": element.get("tabindex"),
                "name": " ".join((name or "").split()),
            }
        )
    return described


def scrolling_regions(html: str) -> list[dict]:
    """Each frame that scrolls sideways on the page: its role, tabindex and accessible name (the
    text of the elements its aria-labelledby names, or its aria-label)."""
    page = _Regions()
    page.feed(html)
    return _described(page, page.frames)


def _named_regions(html: str) -> list[dict]:
    page = _Regions()
    page.feed(html)
    return _described(page, page.regions)
