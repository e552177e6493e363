"""The focus ring stands out on every background the site paints (WCAG 2.2, 1.4.11 and 2.4.13:
at least 3:1 against what it covers): read from the stylesheets themselves, so a new background
or a new ring colour is checked as soon as it is written."""

import re
from pathlib import Path

STYLESHEETS = [Path("static/css/site.css"), Path("dashboards/static/dashboards/dashboard.css")]
PAGE = "#fffdf8"


def _css() -> str:
    text = "\n".join(path.read_text() for path in STYLESHEETS)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of every rule, those inside @media blocks included."""
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if value.strip():
                declarations[name.strip()] = value.strip()
        rules.append((" ".join(selector.split()), declarations))
    return rules


def _properties(rules) -> dict[str, str]:
    return {
        name: value
        for _selector, declarations in rules
        for name, value in declarations.items()
        if name.startswith("--")
    }


COLOUR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]+))?\)|#[0-9a-fA-F]{3,6}\b|rgba?\([^)]*\)")


def _colours(value: str, properties: dict[str, str]) -> list[tuple[float, float, float]]:
    """Every colour written in a value, custom properties resolved, as RGB from 0 to 1; a
    translucent one as it shows on the page."""
    found = []
    for match in COLOUR.finditer(value):
        text = match.group(0)
        if text.startswith("var("):
            name, fallback = match.group(1), match.group(2)
            found += _colours(properties.get(name, fallback or ""), properties)
        elif text.startswith("#"):
            digits = text[1:]
            if len(digits) == 3:
                digits = "".join(digit * 2 for digit in digits)
            found.append(tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)))
        else:
            parts = [float(part) for part in re.findall(r"[\d.]+", text)]
            rgb, alpha = [part / 255 for part in parts[:3]], (parts[3] if len(parts) > 3 else 1)
            page = _colours(PAGE, properties)[0]
            found.append(tuple(alpha * c + (1 - alpha) * p for c, p in zip(rgb, page, strict=True)))
    return found


def _luminance(rgb) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other) -> float:
    lighter, darker = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _focus_rule(rules) -> dict[str, str]:
    [declarations] = [decl for selector, decl in rules if selector == ":focus-visible"]
    return declarations


def _backgrounds(rules, properties) -> set[tuple[float, float, float]]:
    backgrounds = set(_colours(PAGE, properties))
    for _selector, declarations in rules:
        for name in ("background", "background-color"):
            backgrounds.update(_colours(declarations.get(name, ""), properties))
    return backgrounds


def _pixels(value: str) -> list[float]:
    """The lengths in a value, in px (a bare 0 included), its colours left out."""
    lengths = COLOUR.sub(" ", value).split()
    return [
        float(length.removesuffix("px"))
        for length in lengths
        if re.fullmatch(r"-?[\d.]+(px)?", length)
    ]


def test_the_stylesheets_are_read_whole():
    rules = _rules(_css())
    properties = _properties(rules)
    backgrounds = {_hex(colour) for colour in _backgrounds(rules, properties)}
    # The page, the header and buttons, the skip link, cards, messages, badges, danger.
    assert {"#fffdf8", "#14532d", "#1c1917", "#ffffff", "#f5f1e8", "#fee2e2", "#fff4e5"} <= (
        backgrounds
    )
    assert {"#991b1b", "#e0f2fe", "#fff4d6"} <= backgrounds


def test_the_focus_ring_has_3_to_1_on_every_background():
    rules = _rules(_css())
    properties = _properties(rules)
    focus = _focus_rule(rules)
    ring = _colours(focus["outline"], properties)
    halo = _colours(focus["box-shadow"], properties)
    assert ring and halo
    # The ring and its halo tell apart from each other, whatever is behind them.
    for ring_colour in ring:
        for halo_colour in halo:
            assert contrast(ring_colour, halo_colour) >= 4.5
    # On every background, the ring or the halo changes what it covers by 3:1 at least.
    failing = []
    for background in _backgrounds(rules, properties):
        best = max(contrast(colour, background) for colour in ring + halo)
        if best < 3:
            failing.append(f"{_hex(background)}: {best:.2f}:1")
    assert failing == []


def test_the_ring_lies_between_two_bands_of_halo_each_2_px_wide_at_least():
    focus = _focus_rule(_rules(_css()))
    [width] = _pixels(focus["outline"])
    [offset] = _pixels(focus["outline-offset"])
    spread = _pixels(focus["box-shadow"])[3]  # x, y, blur, spread
    assert width >= 2
    assert offset >= 2  # the halo between the element and the ring
    assert spread - offset - width >= 2  # and around the ring


def test_nothing_takes_the_ring_away_but_the_main_landmark_focused_by_the_skip_link():
    rules = _rules(_css())
    for selector, declarations in rules:
        if declarations.get("outline") == "none":
            assert selector == "main:focus", selector
            assert declarations.get("box-shadow") == "none"
