"""Thin Celery wrappers: they take ids and call a service."""

# -- reminders and retention --

# -- organizers --
