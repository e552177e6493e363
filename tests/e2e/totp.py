"""The code an authenticator app would show for the demo accounts, typed in a browser."""

import datetime as dt
import time

from allauth.mfa import app_settings
from django.conf import settings

from tests.factories import totp_code

# Seconds the browser needs, at most, to type the code and the server to check it: filling the
# field, clicking, the request, allauth's check. Generous for a loaded CI machine.
TYPING_TIME = 5


def authenticator_code(secret: str | None = None) -> str:
    """A TOTP code that is still current when the server checks it.

    allauth accepts only the code of the server's current window (MFA_TOTP_TOLERANCE is 0 here),
    and a code computed just before a 30-second boundary reaches the server in the next window
    and is refused. So, when fewer than TYPING_TIME seconds are left, wait for the next window
    to begin and compute the code there. The live server runs in this process, so its clock is
    this clock: the window counted here is the one allauth counts (time.time() // period).
    """
    secret = secret or settings.DEMO_TOTP_SECRET
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < TYPING_TIME:
        time.sleep(left + 0.1)
    return totp_code(secret, at=dt.datetime.fromtimestamp(time.time(), dt.UTC))
