from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal import demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the seed networks' facts at their real dates, and examples "
        "(flagged as such) with the demo accounts. Safe to run again. With --facts-only, the "
        "facts alone, and any example rows of an earlier load are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--facts-only",
            action="store_true",
            help=(
                "Load only what the seeds state: no examples, no demo accounts, no "
                "registrations; remove the examples an earlier load left."
            ),
        )

    def handle(self, *args, **options):
        facts_only = options["facts_only"]
        # The demo accounts share one known password: never on a real site. The facts alone
        # make no account.
        if not settings.DEBUG and not facts_only:
            raise CommandError(
                _("load_demo only runs with DEBUG on: it creates accounts with a known password.")
            )
        try:
            counts = demo.load(facts_only=facts_only)
        except demo.DemoDataError as error:  # a data file's mistake: its file and row suffice
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        if facts_only:
            done = _("The seeds' facts are loaded, with no example.")
        else:
            done = _("Demo data loaded.")
        self.stdout.write(self.style.SUCCESS(done))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
        if facts_only:
            return
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
