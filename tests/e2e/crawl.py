"""What the accessibility crawl and the light-page checks share: every URL pattern of the
project, a browser signed in as a role (a real session, made by Django's test client), and a
crawler that audits each page it reaches with axe-core at a phone's and a laptop's width and
checks that nothing scrolls sideways at 320 px.

axe-core is the copy bundled with axe-playwright-python, injected into the page from the
package; nothing is fetched from the network."""

from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlsplit

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from playwright.sync_api import Error as PlaywrightError

# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules axe-core files under these tags.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
WIDTHS = (390, 1280)  # a phone, a laptop: every page is audited at both
NARROW = 320  # the narrowest phone still in use (WCAG 1.4.10, reflow): nothing scrolls sideways
HEIGHT = 900

# The elements wider than the viewport at 320 px, deepest first: what makes a page scroll.
WIDE_ELEMENTS = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(
    (element) => element.getBoundingClientRect().right > width + 0.5
      && ![...element.children].some((child) => child.getBoundingClientRect().right > width + 0.5));
  return wide.slice(0, 5).map((element) => {
    const classes = [...element.classList].map((name) => '.' + name).join('');
    return `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}${classes}`
      + ` (right edge ${Math.round(element.getBoundingClientRect().right)} px)`;
  });
}"""


def url_patterns() -> dict[str, str]:
    """Every URL pattern of the project: its name (`namespace:name`; the route when it has no
    name) and its route."""

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                yield from walk(pattern.url_patterns, route, full)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or route
                yield (f"{namespace}:{name}" if namespace else name), route

    return dict(walk(get_resolver().url_patterns))


def view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def session_cookie(user, base_url: str) -> dict:
    """A signed-in session for `user`, as the sign-in page leaves it: Django's session, and
    allauth's record of how the person proved who they are (their password, then their
    authenticator app if they have one), so that the pages that ask for a recent sign-in ask
    as they would."""
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user = user
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(
        client.session.session_key
    )
    record_authentication(request, user, "password", email=user.email)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")
    request.session.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": request.session.session_key,
        "url": base_url,
    }


def language_cookie(language: str, base_url: str) -> dict:
    """The cookie the site's language links set (coalition.views.language)."""
    return {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}


@dataclass
class Crawl:
    """One browser page, signed in as `who`, walking the site. Each `audit()` runs axe-core at
    every width in WIDTHS and measures the page at NARROW; what fails is collected, not raised,
    so that one run lists every problem of every page."""

    page: object
    base_url: str
    who: str
    language: str
    problems: list[str] = field(default_factory=list)
    audits: int = 0
    reached: list[str] = field(default_factory=list)  # view names of the pages requested
    status: int | None = None  # of the last page the browser landed on

    def __post_init__(self):
        self.page.on("request", self._requested)
        self.page.on("response", self._answered)

    def _main_navigation(self, request) -> bool:
        return request.is_navigation_request() and request.frame == self.page.main_frame

    def _requested(self, request):
        if self._main_navigation(request):
            self.reached.append(view_name(request.url))

    def _answered(self, response):
        if self._main_navigation(response.request):
            self.status = response.status

    @property
    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def goto(self, path: str):
        self.page.goto(self.base_url + path)

    def problem(self, text: str):
        self.problems.append(f"{self.path} [{self.who}] {text}")

    def audit(self, state: str = ""):
        """axe-core at each width, then sideways scrolling at 320 px."""
        where = f"{self.path} [{self.who}{', ' + state if state else ''}"
        try:
            self._audit(where)
        except PlaywrightError as error:
            # A page that navigates away on its own (a refresh) while it is audited.
            self.problems.append(f"{where}] could not be audited: {error.message.splitlines()[0]}")

    def _audit(self, where: str):
        page = self.page
        page.wait_for_load_state("load")
        spoken = page.evaluate("document.documentElement.lang")
        if spoken != self.language:
            self.problems.append(f"{where}] in {spoken!r}, not {self.language!r}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            if not page.evaluate("() => typeof window.axe === 'object'"):
                page.evaluate(AXE_SCRIPT)
            result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            self.audits += 1
            for violation in result["violations"]:
                targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
                self.problems.append(
                    f"{where}, {width} px] {violation['id']} ({violation['impact']}): "
                    f"{violation['help']}: {targets}"
                )
        page.set_viewport_size({"width": NARROW, "height": HEIGHT})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide = ", ".join(page.evaluate(WIDE_ELEMENTS))
            self.problems.append(f"{where}, {NARROW} px] scrolls sideways by {overflow} px: {wide}")


# --- Forms ------------------------------------------------------------------------------------

FIRST = "<first>"  # fill a choice with its first option that is not empty

# A form is sent as the browser's own validation would let it through only when filled; the
# crawl wants the server's answer to an empty or wrong form, so it turns that off, and opens
# the <details> the form sits in.
READY = """form => {
  form.noValidate = true;
  for (let open = form.closest('details'); open; open = open.parentElement.closest('details')) {
    open.open = true;
  }
}"""


def fill(form, fields: dict):
    """Fill `form`'s fields by name, whatever the language of their labels: text, a <select>'s
    value, a checkbox (True/False) or the boxes and radio buttons of the given values, a file."""
    for name, value in fields.items():
        inputs = form.locator(f'[name="{name}"]')
        kind = inputs.first.evaluate("element => element.type")
        if kind.startswith("select"):
            if value == FIRST:
                inputs.first.select_option(index=1)
            else:
                inputs.first.select_option(value)
        elif kind in ("checkbox", "radio"):
            if value is True or value == FIRST:
                inputs.first.check()
            elif value is False:
                inputs.first.uncheck()
            else:
                for one in value if isinstance(value, list | tuple) else [value]:
                    form.locator(f'[name="{name}"][value="{one}"]').check()
        elif kind == "file":
            inputs.first.set_input_files(value)
        else:
            inputs.first.fill(str(value))


def submit(page, form: str = "main form[method=post]", fields: dict | None = None, *, button=None):
    """Fill the first form matching the selector `form` and send it with its first submit
    button (or `button`, a selector inside the form), waiting for the page it leads to."""
    target = page.locator(form).first
    target.evaluate(READY)
    fill(target, fields or {})
    with page.expect_navigation():
        target.locator(button or "[type=submit]").first.click()


@dataclass(frozen=True)
class Step:
    """One state of one page: open `go` (a path, or a function of the crawl's world; None:
    stay on the page the last step left), then `act` on it (fill and send a form), and audit
    what the browser shows (with `fresh`, first forget the session, keeping the language).
    `name` is the URL pattern the step must reach on the way (None:
    a path no pattern answers), `status` the status of the page it lands on."""

    name: str | None
    roles: frozenset
    go: object = None
    act: object = None
    state: str = ""
    status: int = 200
    fresh: bool = False  # forget the session first (a sign-in left half done, or done)

    def path(self, world) -> str | None:
        return self.go(world) if callable(self.go) else self.go


def run(crawl: Crawl, step: Step, world):
    crawl.reached.clear()
    try:
        path = step.path(world)
        if step.fresh:
            crawl.page.context.clear_cookies()
            crawl.page.context.add_cookies([language_cookie(crawl.language, crawl.base_url)])
        if path is not None:
            crawl.goto(path)
        if step.act is not None:
            step.act(crawl.page, world)
    except PlaywrightError as error:
        # What the step needed is not on the page: told, and the crawl goes on.
        crawl.problem(f"{step.state or step.name}: {error.message.splitlines()[0]}")
        return
    if step.name is not None and step.name not in crawl.reached:
        crawl.problem(f"{step.state}: did not reach {step.name} (reached {crawl.reached})")
    if crawl.status != step.status:
        said = crawl.page.locator(".form-errors, .field__errors, .errorlist, .messages")
        crawl.problem(
            f"{step.state}: answered {crawl.status}, not {step.status}; the page says "
            f"{[text.strip() for text in said.all_inner_texts()]}"
        )
    crawl.audit(step.state)
