"""Cells of the CSV files people open in a spreadsheet."""

import re

# A spreadsheet runs a cell that starts with one of these as a formula...
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ...except a plain number, which it reads as the number it is.
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value) -> str:
    """The text of a cell, with a leading apostrophe where a spreadsheet would see a formula
    (a name or title typed by anyone could otherwise run one)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text
