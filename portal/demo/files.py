"""The demo's data files: read in a fixed order, each row knowing where it comes from.

Every value the loader stores goes through Row.fields or Row.choice, which check it against
the model, so a typo in a data file stops the load with the file and row in the message.
"""

import tomllib
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from modeltranslation.translator import translator

DATA = Path(__file__).parent / "data"
# Rows are created in this order, kind by kind: a row may name what an earlier file defines.
FILES = (
    "new-skills-ready-network-boston.toml",
    "open-opportunity-massachusetts.toml",
    "umass-ece-action-lab.toml",
    "browns-promise-massachusetts.toml",
    "opportunity-coalition.toml",
    "shared.toml",
    "stories.toml",
    "resources.toml",
)
# Files their own loader reads (portal/demo/programs.py), after these.
OWN_FILES = ("programs.toml",)
KINDS = (
    "community",
    "organization",
    "initiative",
    "partnership",
    "focus_area",
    "site",
    "indicator",
    "objective",
    "milestone",
    "progress_update",
    "event",
    "session_report",
    "account",
    "membership_request",
    "person",
    "account_registration",
    "location_suggestion",
    "consultation",
    "story",
    "resource",
)
REQUIRED = object()


class DemoDataError(Exception):
    """Something in a data file the loader cannot load; the message says where."""


class Row(dict):
    """One row of a data file. The loader takes its keys out one by one; what is left must be
    fields of the model the row becomes (Row.fields)."""

    def __init__(self, fields: dict, where: str):
        super().__init__(fields)
        self.where = where

    def fail(self, message: str):
        raise DemoDataError(f"{self.where}: {message}")

    def take(self, key: str, default=REQUIRED):
        if key in self:
            return self.pop(key)
        if default is REQUIRED:
            self.fail(f"{key} is missing")
        return default

    def table(self, key: str) -> "Row | None":
        """The inline table under key, as a row of its own; None without one."""
        fields = self.take(key, None)
        return None if fields is None else Row(fields, f"{self.where}, {key}")

    def nested(self, kind: str) -> list["Row"]:
        """The rows of [[parent.kind]] under this row."""
        return [
            Row(fields, f"{self.where}, [[{kind}]] number {number}")
            for number, fields in enumerate(self.take(kind, []), start=1)
        ]

    def one(self, found: dict, name, what: str):
        """The object called name in found; None for no name."""
        if name is None:
            return None
        if name not in found:
            self.fail(f"there is no {what} {name!r}")
        return found[name]

    def many(self, found: dict, names: list, what: str) -> list:
        return [self.one(found, name, what) for name in names]

    def choice(self, model, field_name: str, value):
        """value, once it is one of the stored values the model's field allows."""
        field = model._meta.get_field(field_name)
        allowed = [str(key) for key, _ in field.flatchoices]
        if field.choices and value not in allowed and not (field.blank and value == ""):
            self.fail(f"{field_name} = {value!r} is not one of {', '.join(allowed)}")
        return value

    def fields(self, model, **computed) -> dict:
        """What is left of the row, with computed, as checked field values of model."""
        values = {**self, **computed}
        for name, value in values.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                self.fail(f"{model.__name__} has no field {name!r}")
            if field.choices:
                self.choice(model, name, value)
        return values


def bilingual(model, fields: dict) -> dict:
    """fields, with an empty Spanish column (None) for each text of model the row has no
    Spanish for; the English texts go to the active language's column, English here."""
    texts = translator.get_options_for_model(model).fields
    return {**{f"{name}_es": None for name in texts}, **fields}


def read() -> dict[str, list[Row]]:
    """Every row of the data files, by kind, in the order of FILES."""
    found = sorted(path.name for path in DATA.glob("*.toml"))
    if found != sorted(FILES + OWN_FILES):
        raise DemoDataError(f"{DATA} holds {found}; the loader reads {sorted(FILES)}")
    tables = {kind: [] for kind in KINDS}
    for name in FILES:
        try:
            with (DATA / name).open("rb") as file:
                content = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise DemoDataError(f"{name}: {error}") from error
        for kind, rows in content.items():
            if kind not in tables or not isinstance(rows, list):
                raise DemoDataError(f"{name}: [[{kind}]] is not a kind of row the loader knows")
            tables[kind] += [
                Row(fields, f"{name}, [[{kind}]] number {number}")
                for number, fields in enumerate(rows, start=1)
            ]
    return tables
