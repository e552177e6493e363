"""Thin Celery wrappers: they take ids and call a service."""

# -- reporting cadence --

# -- CSV imports --
