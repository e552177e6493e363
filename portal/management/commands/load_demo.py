from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal import demo


class Command(BaseCommand):
    help = "Load the demo data (the seed networks and demo accounts). Safe to run again."

    def handle(self, *args, **options):
        # The demo accounts share one known password: never on a real site.
        if not settings.DEBUG:
            raise CommandError(
                _("load_demo only runs with DEBUG on: it creates accounts with a known password.")
            )
        try:
            counts = demo.load()
        except demo.DemoDataError as error:  # a data file's mistake: its file and row suffice
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            _("Demo sign-ins (password: %(password)s):") % {"password": settings.DEMO_PASSWORD}
        )
        accounts = demo.accounts()
        for account in accounts:
            self.stdout.write(f"  {account['email']}")
        self.stdout.write(
            _(
                "Two-factor for %(accounts)s: add the secret %(secret)s to any authenticator app "
                "and enter its code after the password."
            )
            % {
                "accounts": ", ".join(sorted(a["email"] for a in accounts if a.get("two_factor"))),
                "secret": settings.DEMO_TOTP_SECRET,
            }
        )
