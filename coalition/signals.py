"""Sign-in logging: who (an account number, or "anonymous"), where, and what happened.

Never the email address or password: Django's user_login_failed hands over the credentials
typed in, and they stay out of the logs.
"""

import logging
import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coalition.middleware import SAVED_AT_SESSION_KEY

logger = logging.getLogger("coalition.security")


def _path(request) -> str:
    return request.path if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="coalition.log_sign_in")
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in: user=%s path=%s outcome=success", user.pk, _path(request))


@receiver(user_logged_in, dispatch_uid="coalition.session_saved_at_sign_in")
def stamp_session(sender, request, user, **kwargs):
    """A sign-in writes the session: the next minute's requests need not
    (coalition.middleware.SessionRefreshMiddleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[SAVED_AT_SESSION_KEY] = int(time.time())


@receiver(user_login_failed, dispatch_uid="coalition.log_failed_sign_in")
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    logger.warning("sign-in: user=anonymous path=%s outcome=failed", _path(request))


@receiver(user_logged_out, dispatch_uid="coalition.log_sign_out")
def log_sign_out(sender, request, user, **kwargs):
    who = getattr(user, "pk", None) or "anonymous"  # no number left once an account is deleted
    logger.info("sign-out: user=%s path=%s outcome=success", who, _path(request))
