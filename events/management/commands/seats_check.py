"""Check that every event's seat counter equals its confirmed registrations, counted."""

from django.core.management.base import BaseCommand, CommandError

from events import services


class Command(BaseCommand):
    help = (
        "Compare each event's seat counter (seats_taken) with its confirmed registrations; "
        "--fix counts them again. Exits with an error when any differ (and --fix is not given)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="set each counter to its count")

    def handle(self, *args, fix=False, **options):
        wrong = services.seats_miscounted()
        for event_id, counter, count in wrong:
            self.stdout.write(f"event {event_id}: counter {counter}, confirmed {count}")
        if wrong and fix:
            services.seats_recount(event_ids=[event_id for event_id, _, _ in wrong])
            self.stdout.write(f"{len(wrong)} counters set to their count.")
        elif wrong:
            raise CommandError(f"{len(wrong)} events have a seat counter that is wrong.")
        else:
            self.stdout.write("Every seat counter equals its confirmed registrations.")
