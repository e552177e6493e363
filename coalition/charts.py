"""Horizontal bar charts, plain and stacked, drawn on the server as SVG.

Geometry and colours, at a fixed width; the dashboards lay it out again for their frame
(dashboards/charts.py) and templates/dashboards/_bar_chart.html draws it with its <title>,
<desc> and the data table beside it, so it reads without JavaScript, in print, in the PDF and by
screen readers. Colours go into the SVG as presentation attributes, not CSS: the PDF renderer
does not apply a stylesheet's rules inside an SVG. A value hidden to protect people
(`hidden=True`) gets no bar, only its label.
"""

from dataclasses import dataclass, field

WIDTH = 480
LABEL_WIDTH = 180  # room for the row labels at the left
VALUE_ROOM = 96  # room for the value written after the longest bar
ROW, BAR, TOP = 26, 16, 6

BRAND = "#14532d"
# Objective statuses: hue and lightness both differ; the legend and the table name them too.
COLORS = {
    "none": "#9ca3af",
    "not_started": "#4b5563",
    "on_track": "#15803d",
    "at_risk": "#b45309",
    "off_track": "#991b1b",
    "done": "#1d4ed8",
}


@dataclass(frozen=True)
class Segment:
    color: str
    x: float
    width: float
    label: str  # "On track: 4"


@dataclass(frozen=True)
class Row:
    label: str
    text: str  # the value as written after the bar
    y: float
    segments: list[Segment]
    end: float  # where the bar stops, for the value written after it

    @property
    def text_y(self) -> float:
        return self.y + BAR - 4


@dataclass(frozen=True)
class BarChart:
    rows: list[Row]
    height: int
    reference_x: float | None = None  # a vertical line (the value for all students)
    width: int = WIDTH
    left: int = LABEL_WIDTH
    label_x: int = LABEL_WIDTH - 6
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, colour)


def _scale(top: float):
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    return lambda value: round(plot * float(value) / float(top), 1) if top else 0.0


def bar_chart(items, *, reference=None) -> BarChart | None:
    """One bar per item: (label, value, text, hidden). None when there is nothing to draw."""
    items = list(items)
    if not items:
        return None
    top = max([float(value or 0) for _, value, _, hidden in items if not hidden] or [0])
    if reference is not None:
        top = max(top, float(reference))
    width_of = _scale(top)
    rows = []
    for index, (label, value, text, hidden) in enumerate(items):
        y = TOP + index * ROW
        width = 0.0 if hidden or not value else max(width_of(value), 1.0)
        segment = Segment(color=BRAND, x=LABEL_WIDTH, width=width, label=f"{label}: {text}")
        rows.append(
            Row(label=label, text=text, y=y, segments=[segment], end=LABEL_WIDTH + width + 6)
        )
    return BarChart(
        rows=rows,
        height=TOP * 2 + ROW * len(rows),
        reference_x=LABEL_WIDTH + width_of(reference) if reference is not None else None,
    )


def stacked_bar_chart(items, *, keys: list[tuple[str, str]]) -> BarChart | None:
    """One bar per item, in segments: (label, {key: value}, text). Keys give the order and
    the legend's labels."""
    items = list(items)
    if not items:
        return None
    width_of = _scale(max(sum(values.values()) for _, values, _ in items))
    names = dict(keys)
    rows = []
    for index, (label, values, text) in enumerate(items):
        x = float(LABEL_WIDTH)
        segments = []
        for key, _ in keys:
            value = values.get(key, 0)
            if not value:
                continue
            width = width_of(value)
            segments.append(
                Segment(
                    color=COLORS.get(key, BRAND),
                    x=round(x, 1),
                    width=width,
                    label=f"{names[key]}: {value}",
                )
            )
            x += width
        rows.append(Row(label=label, text=text, y=TOP + index * ROW, segments=segments, end=x + 6))
    return BarChart(
        rows=rows,
        height=TOP * 2 + ROW * len(rows),
        legend=[(label, COLORS.get(key, BRAND)) for key, label in keys],
    )
