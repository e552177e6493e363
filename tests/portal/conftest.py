"""The demo, loaded as a developer loads it."""

import contextlib

import pytest
import time_machine
from django.core.management import call_command


@pytest.fixture
def load_demo(db, settings):
    """`load_demo(at=None, password=None)`: run `load_demo` with DEBUG on, as it requires for its
    accounts, on the day `at` if given (the clock frozen), with DEMO_PASSWORD `password` if
    given; DEBUG is off again afterwards, as the pages under test run."""

    def load(at=None, *, password=None):
        settings.DEBUG = True
        if password is not None:
            settings.DEMO_PASSWORD = password
        moment = contextlib.nullcontext() if at is None else time_machine.travel(at, tick=False)
        with moment:
            call_command("load_demo", verbosity=0)
        settings.DEBUG = False

    return load
