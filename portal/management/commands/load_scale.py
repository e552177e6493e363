import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal import scale


class Command(BaseCommand):
    help = (
        "Add generated example rows for measuring speed: at factor 1, 2,000 organizations, 100 "
        "initiatives, 5,000 objectives, 100,000 progress updates, 5,000 events and 250,000 "
        "registrations, with the rows around them. Each run adds as many again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="How many times the factor-1 sizes to add (0.01 for a quick try, 4 for 4x).",
        )
        parser.add_argument(
            "--seed", type=int, default=15, help="Seed of the random spread (same seed, same rows)."
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Run with DEBUG off too (a staging copy, a bench database): never on a live site.",
        )

    def handle(self, *args, **options):
        factor = options["factor"]
        if factor <= 0:
            raise CommandError(_("Give a factor above 0."))
        # Hundreds of thousands of invented rows: a live site's pages would show them.
        if not settings.DEBUG and not options["yes"]:
            raise CommandError(
                _(
                    "load_scale adds hundreds of thousands of generated rows: with DEBUG off, "
                    "add --yes to confirm this database is not a live site's."
                )
            )
        started = time.monotonic()
        counts = scale.load(factor=factor, seed=options["seed"])
        seconds = time.monotonic() - started
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Scale data added (factor %(factor)s) in %(seconds).1f s:")
                % {"factor": f"{factor:g}", "seconds": seconds}
            )
        )
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count:,}")
