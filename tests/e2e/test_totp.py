"""The journeys' authenticator codes never straddle a 30-second window (no browser needed)."""

import datetime as dt

import pytest

from tests.e2e import totp
from tests.factories import TOTP_SECRET, totp_code

WINDOW = 30 * 56_666_666  # the start of some 30-second window, in Unix seconds


class Clock:
    """time.time and time.sleep on a clock that moves only when slept on."""

    def __init__(self, now):
        self.now, self.slept = now, 0.0

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
        self.slept += seconds


def code_of(window_start):
    return totp_code(at=dt.datetime.fromtimestamp(window_start, dt.UTC))


@pytest.mark.parametrize(
    ("second", "window", "slept"),
    [(0, WINDOW, 0), (24.9, WINDOW, 0), (25.1, WINDOW + 30, 5.0), (29.99, WINDOW + 30, 0.11)],
)
def test_a_code_near_the_end_of_its_window_waits_for_the_next(monkeypatch, second, window, slept):
    clock = Clock(WINDOW + second)
    monkeypatch.setattr(totp, "time", clock)
    assert totp.authenticator_code(TOTP_SECRET) == code_of(window)
    assert clock.slept == pytest.approx(slept, abs=0.01)
