from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator

        from coalition import (  # noqa: F401  (registers the app's rules, sign-in logging, SQLite's search function)
            permissions,
            search,
            signals,
        )
        from coalition.models import User

        # What the kernel's part of a person's roles reads: the lead flag and the admin site's
        # (the user row), the verified address, the second factor.
        for model in (User, EmailAddress, Authenticator):
            permissions.roles_depend_on(model)
