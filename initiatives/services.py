"""Writes to initiatives, objectives, progress updates and measurements."""

# -- progress updates and reporting cadence --

# -- measurements and CSV imports --
