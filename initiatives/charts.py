"""Indicator values written per unit, and small line charts drawn on the server as SVG.

The chart is geometry only; templates/initiatives/_chart.html draws it with its <title>,
<desc> and the data table beside it, so no JavaScript is needed to read it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.formats import number_format
from django.utils.translation import gettext

from initiatives.models import Indicator

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 76, 12, 12, 28


def format_value(value, unit: str) -> str:
    """1,055 · 45.5% · $4,100,000 · 6th, in the active language's number format."""
    if value is None:
        return ""
    value = Decimal(value)
    if unit == Indicator.Unit.RANK:
        return ordinal(int(value))
    # Decimal places only where the figure has them: 45.50 is 45.5, 40.00 is 40.
    places = max(0, -value.normalize().as_tuple().exponent)
    number = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if unit == Indicator.Unit.PERCENT:
        return gettext("%(number)s%%") % {"number": number}
    if unit == Indicator.Unit.DOLLARS:
        return gettext("$%(number)s") % {"number": number}
    return number


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class LineChart:
    points: list[ChartPoint]
    polyline: str
    target_y: float | None
    axis_top: str
    axis_bottom: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP


def line_chart(measurements, *, unit: str, target=None) -> LineChart | None:
    """A line through the measurements in order (periods evenly spaced); None when empty."""
    measurements = list(measurements)
    if not measurements:
        return None
    values = [Decimal(m.value) for m in measurements]
    scale = [*values, *([Decimal(target)] if target is not None else [])]
    # From zero (a rank from 1st) unless a value is below it, so small changes are not blown up.
    floor = Decimal(1) if unit == Indicator.Unit.RANK else Decimal(0)
    low, high = min(floor, *scale), max(scale)
    if high == low:
        high = low + 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value):
        return round(TOP + float((high - Decimal(value)) / (high - low)) * plot_height, 1)

    step = plot_width / (len(values) - 1) if len(values) > 1 else 0
    points = [
        ChartPoint(
            x=round(LEFT + (index * step if step else plot_width / 2), 1),
            y=y_of(value),
            label=measurement.period_label,
            value=format_value(value, unit),
        )
        for index, (measurement, value) in enumerate(zip(measurements, values, strict=True))
    ]
    return LineChart(
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=y_of(target) if target is not None else None,
        axis_top=format_value(high, unit),
        axis_bottom=format_value(low, unit),
    )
