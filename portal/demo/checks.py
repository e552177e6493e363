"""What the data files must say of every row: a fact, with its source, or an example.

A fact is what a seed states: it carries its source (the network and the seed page's title)
and is dated on its real date. An example shows how the portal works and did not happen:
`example = true`, and it alone may be dated from the day of the load, carry registrations and
attendance, or be credited to a demo account. check() stops the load at the first row that
breaks a rule, with its file and row; facts() keeps the facts alone (load_demo --facts-only).

A row with Spanish texts (`<field>_es` beside the English `<field>`) says which of its texts are
translations: `translated = "es"`, the Spanish is the portal's translation of the English
original; `translated = "en"`, the row was written in Spanish and its English is the
translation. The marking covers the rows nested in it (a report's themes, an indicator's
figures); check() refuses Spanish without it, and the marking without Spanish.
"""

from portal.demo.files import DemoDataError, Row

# Kinds whose model carries source, source_url and is_example (coalition.models.Provenance).
PROVENANCE = (
    "indicator",
    "objective",
    "milestone",
    "progress_update",
    "event",
    "session_report",
    "story",
    "resource",
)
# Kinds that are invented whatever they say: demo accounts, people, their registrations,
# suggested places, drafts open for comment (Brown's Promise has published none here) and their
# comments. Each row says so with example = true.
EXAMPLE_ONLY = (
    "account",
    "membership_request",
    "person",
    "account_registration",
    "location_suggestion",
    "consultation",
)
# translated = <the language of the row's translations>: the language it was written in is the
# other one.
WRITTEN_IN = {"es": "en", "en": "es"}
SPANISH, ENGLISH = "_es", "_en"
# The keys that date a row from the day of the load.
RELATIVE = {
    "progress_update": ("days_from_today",),
    "milestone": ("due_days_from_today", "done_days_from_today"),
    "event": ("days_from_today",),
}


def is_example(row: Row) -> bool:
    value = row.get("example", False)
    if not isinstance(value, bool):
        row.fail(f"example = {value!r} is not true or false")
    return value


def check(tables: dict[str, list[Row]]) -> None:
    """Stop at the first row that is neither a fact with a source nor an example, or whose
    Spanish texts are not marked as the translation or the original."""
    for rows in tables.values():
        for row in rows:
            check_translation(row)
    examples = {
        kind: {row.get("slug") for row in tables[kind] if is_example(row)}
        for kind in ("objective", "event")
    }
    for kind in PROVENANCE:
        for row in tables[kind]:
            if not is_example(row):
                _check_fact(kind, row, examples)
    for row in tables["indicator"]:
        for measurement in _measurements(row):
            if not (is_example(row) or is_example(measurement)) and "as_of" not in measurement:
                measurement.fail("a fact's figure needs as_of: the date its source gives it")
    for kind in EXAMPLE_ONLY:
        for row in tables[kind]:
            if not is_example(row):
                row.fail("this kind of row is invented: mark it example = true")
            event = row.get("event")
            if event is not None and event not in examples["event"]:
                row.fail(f"event {event!r} is a fact: registrations and places go on examples")


def check_translation(row: Row) -> None:
    """Spanish texts only with the marking that says which language is the translation, each
    beside the English it translates (or that translates it)."""
    marking = row.get("translated")
    spanish = _spanish_texts(row, row.where)
    if marking is None:
        if spanish:
            where, key = spanish[0]
            _fail(
                where,
                f'{key} is a Spanish text, but the row has no translated = "es" (the Spanish '
                'is the portal\'s translation of the English) or translated = "en" (the row '
                "was written in Spanish first)",
            )
        return
    if marking not in WRITTEN_IN:
        row.fail(f'translated = {marking!r} is not "es" or "en"')
    if not spanish:
        row.fail(f"translated = {marking!r}, but the row has no Spanish text (<field>_es)")


def written_in(row: Row) -> str:
    """The language the row's texts were written in, taking its marking out of it: English,
    unless the marking says its English is the translation."""
    return WRITTEN_IN.get(row.take("translated", None), "en")


def _spanish_texts(fields: dict, where: str) -> list[tuple[str, str]]:
    """(where, key) of each Spanish text of a row and of the rows nested in it."""
    found = []
    for key, value in fields.items():
        if key.endswith(SPANISH):
            english = key.removesuffix(SPANISH)
            if not isinstance(value, str) or not value.strip():
                _fail(where, f"{key} is empty: give the Spanish, or leave the key out")
            if english not in fields:
                _fail(where, f"{key} has no English {english} beside it")
            found.append((where, key))
        elif key.endswith(ENGLISH):
            _fail(where, f"{key}: the English text goes in {key.removesuffix(ENGLISH)}")
        if isinstance(value, dict):
            found += _nested_spanish(value, f"{where}, {key}")
        elif isinstance(value, list):
            for number, inner in enumerate(value, start=1):
                if isinstance(inner, dict):
                    found += _nested_spanish(inner, f"{where}, [[{key}]] number {number}")
    return found


def _nested_spanish(fields: dict, where: str) -> list[tuple[str, str]]:
    if "translated" in fields:
        _fail(where, "translated goes on the row that holds this one, and covers it")
    return _spanish_texts(fields, where)


def _fail(where: str, message: str):
    raise DemoDataError(f"{where}: {message}")


def _check_fact(kind, row, examples):
    if not row.get("source"):
        row.fail(
            "a fact needs a source (the network and the seed page's title), "
            "or mark it example = true"
        )
    for key in RELATIVE.get(kind, ()):
        if key in row:
            row.fail(
                f"a fact is dated relative to the load day ({key}): give its real date, "
                "or mark it example = true"
            )
    if kind in ("milestone", "progress_update") and row.get("objective") in examples["objective"]:
        row.fail(f"a fact cannot belong to the example objective {row['objective']!r}")
    if kind == "progress_update" and "author" in row:
        row.fail("a fact has no author: its source says who states it")
    if kind == "indicator" and "demo_series" in row:
        row.fail("an invented series is an example: mark the indicator example = true")
    if kind == "event":
        for key in ("turnout", "signups"):
            if key in row:
                row.fail(f"{key}: who registers for a real event is not known; use an example")
    if kind == "session_report":
        for slug in row.get("events", []):
            if slug in examples["event"]:
                row.fail(f"a fact cannot report on the example event {slug!r}")
        for theme in row.get("theme", []):
            for slug in theme.get("objectives", []):
                if slug in examples["objective"]:
                    row.fail(f"a fact's theme cannot link the example objective {slug!r}")


def _measurements(indicator: Row) -> list[Row]:
    return [
        Row(fields, f"{indicator.where}, [[measurement]] number {number}")
        for number, fields in enumerate(indicator.get("measurement", []), start=1)
    ]


def facts(tables: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """The tables without their examples: what load_demo --facts-only loads."""
    kept = {}
    for kind, rows in tables.items():
        if kind in EXAMPLE_ONLY:
            kept[kind] = []
            continue
        kept[kind] = [row for row in rows if not is_example(row)]
    for row in kept["indicator"]:
        if "measurement" in row:
            row["measurement"] = [m for m in row["measurement"] if not m.get("example", False)]
    return kept
