"""The dashboard's computed panels as plain JSON, and back into the same objects.

A snapshot must render exactly as a live computation: every cell keeps its kind (a `Source`
with its as-of day and Example flag, "fewer than 5", a `Localized` text with its language), so
the templates, the packet and the CSV writer take it unchanged. Each kind of object is written
as a JSON object tagged with "$"; lists, numbers, text and plain dicts are themselves.
"""

import dataclasses
import datetime as dt
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.utils.functional import Promise

from coalition import charts
from coalition.translation import Localized
from dashboards.panels import Panel
from dashboards.panels.equity import IndicatorByGroup
from dashboards.panels.headline import Figure
from dashboards.scope import Scope
from dashboards.tables import (
    FEWER,
    Column,
    Fewer,
    Link,
    Links,
    Narrative,
    Percent,
    Source,
    Table,
    Texts,
)


@dataclasses.dataclass(frozen=True)
class Period:
    """The days a headline figure counts (what the page reads of a `Scope`)."""

    since: dt.date | None
    until: dt.date | None


@dataclasses.dataclass(frozen=True)
class Named:
    """A row the panels named (an indicator): its name, in the snapshot's language."""

    pk: int
    name: str


# Every kind of object a panel holds, by its tag.
KINDS = {
    cls.__name__: cls
    for cls in (
        Panel,
        Table,
        Column,
        Link,
        Links,
        Texts,
        Source,
        Narrative,
        Percent,
        Figure,
        IndicatorByGroup,
        Period,
        Named,
        charts.BarChart,
        charts.Row,
        charts.Segment,
    )
}


def encode(value):
    """`value` as JSON-ready data."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Localized):
        return {"$": "Localized", "text": str(value), "lang": value.lang, "fb": value.fallback}
    if isinstance(value, str):
        return value
    if isinstance(value, Promise):
        return str(value)  # a lazy translation, in the snapshot's language
    if isinstance(value, Fewer):
        return {"$": "Fewer"}
    if isinstance(value, Decimal):
        return {"$": "Decimal", "value": str(value)}
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "value": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "value": value.isoformat()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"$": "dict", "items": [[key, encode(item)] for key, item in value.items()]}
    if isinstance(value, Page):
        paginator = value.paginator
        return {
            "$": "Page",
            "number": value.number,
            "count": paginator.count,
            "per_page": paginator.per_page,
            "orphans": paginator.orphans,
        }
    if isinstance(value, Scope):
        value = Period(since=value.since, until=value.until)
    if isinstance(value, Model):
        value = Named(pk=value.pk, name=str(getattr(value, "name", value)))
    if dataclasses.is_dataclass(value) and type(value).__name__ in KINDS:
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$": type(value).__name__, **fields}
    raise TypeError(f"a dashboard snapshot cannot hold {type(value).__name__}: {value!r}")


def decode(data):
    """The objects `encode` wrote."""
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    kind = data["$"]
    if kind == "Localized":
        return Localized(data["text"], data["lang"], data["fb"])
    if kind == "Fewer":
        return FEWER
    if kind == "Decimal":
        return Decimal(data["value"])
    if kind == "datetime":
        return dt.datetime.fromisoformat(data["value"])
    if kind == "date":
        return dt.date.fromisoformat(data["value"])
    if kind == "dict":
        return {key: decode(item) for key, item in data["items"]}
    if kind == "Page":
        # A page of a list that is not read again: only its number and its neighbours count.
        paginator = Paginator(range(data["count"]), data["per_page"], orphans=data["orphans"])
        return paginator.get_page(data["number"])
    cls = KINDS[kind]
    fields = {name: decode(value) for name, value in data.items() if name != "$"}
    if cls is charts.BarChart:
        fields["legend"] = [tuple(pair) for pair in fields.get("legend", [])]
    return cls(**fields)


def page_panels(panels: dict) -> dict:
    """The dashboard's panels, indicators and headline figures from a snapshot's JSON."""
    return decode(panels)


def packet_panels(panels: dict, packet: dict) -> dict:
    """The board packet's: the same panels, with every indicator in view."""
    page, packet = decode(panels), decode(packet)
    return {
        **page,
        "panels": [
            packet["equity"] if panel.slug == "indicators" else panel for panel in page["panels"]
        ],
        "indicators": packet["indicators"],
    }
