"""Bounds every form, filter and model shares for what people type: dates within 1900 to 2100,
and text no longer than a page of the portal can hold."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# The years a date typed into the portal may fall in. A local 9999-12-31 23:59 is year 10000 in
# UTC, which Python cannot represent: every page reading it back would fail.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

# Longest texts people may write (characters).
LONG_TEXT = 10_000  # an event's description, a session's summary
NOTE_TEXT = 2_000  # notes, narratives, needs, reasons, messages' lines


def validate_date_in_range(value) -> None:
    """A date or date and time between EARLIEST_DATE and LATEST_DATE (the day itself, in
    Massachusetts time for a date and time)."""
    if value is None:
        return
    day = value
    if isinstance(value, dt.datetime):
        day = value.date()
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": formats.date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "latest": formats.date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
            },
        )


_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")


def validate_plain_text(value) -> None:
    """Text shown to others as it was typed (a name, say): no HTML tags. It would be shown
    escaped anyway; refusing it says so to the person while they can still change it."""
    if value and _MARKUP.search(str(value)):
        raise ValidationError(
            _("Please write plain text, without HTML tags (a “<” followed by a letter)."),
            code="markup",
        )
