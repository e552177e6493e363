"""Load the demo's events, who registers for them, what we heard and the suggested places."""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from events.models import (
    Event,
    EventLanguage,
    Feedback,
    LocationSuggestion,
    Registration,
    SessionReport,
    Theme,
)
from events.services import needs_asked, seats_recount
from portal.demo.files import bilingual

# The seeds' sessions are Massachusetts evenings: the portal's own time zone.
LOCAL = timezone.get_default_timezone()
# The demo account that records the figures, creates the events and writes the reports.
LEAD = "lead@example.org"
# A session whose source gives its date but not its hours (hours_stated = false) is stored
# from 6 to 8 pm, because an event is stored with a start and an end; that placeholder is never
# shown: its pages, emails, dashboards and calendar file give the date only (an all-day event).
UNSTATED_HOURS = (18, 20)


def email_for(name: str) -> str:
    return slugify(name).replace("-", ".") + "@example.org"


def load_events(data, initiatives, places, orgs, users, objectives, today, now):
    """`places`: the sites and communities by slug."""
    events, turnouts, signups = _events(data["event"], initiatives, places, orgs, users, today)
    people = []
    for row in data["person"]:
        row.take("example")  # every person who registers is invented (checks.EXAMPLE_ONLY)
        people.append(row.fields(Registration))
    _registrations(events, turnouts, signups, people, now)
    _account_registrations(data["account_registration"], events, users, now)
    # Written directly, as they stood: the seat counters follow from them.
    seats_recount(event_ids=[event.pk for event in events.values()])
    _reports(data["session_report"], events, objectives, users.get(LEAD))
    _suggestions(data["location_suggestion"], events, users, places["communities"])


def local(day: dt.date, hour: int) -> dt.datetime:
    """hour o'clock on day in Massachusetts."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL)


def _events(rows, initiatives, places, orgs, users, today):
    sites, communities = places["sites"], places["communities"]
    events, turnouts, signups = {}, [], []
    for row in rows:
        slug = row.take("slug")
        hosts = row.many(orgs, row.take("hosts"), "organization")
        languages = [
            *((language, False) for language in row.take("languages")),
            *((language, True) for language in row.take("interpretation", [])),
        ]
        for language, _ in languages:
            row.choice(EventLanguage, "language", language)
        example = row.take("example", False)
        if "date" in row:  # a real date; otherwise (an example) counted from the day of the load
            day = row.take("date")
        else:
            day = today + dt.timedelta(days=row.take("days_from_today"))
        hours_stated = row.take("hours_stated", True)
        if hours_stated:
            start_hour, end_hour = row.take("start_hour"), row.take("end_hour")
        elif "start_hour" in row or "end_hour" in row:
            row.fail("hours_stated = false leaves out start_hour and end_hour")
        else:
            start_hour, end_hour = UNSTATED_HOURS
        starts_at, ends_at = local(day, start_hour), local(day, end_hour)
        turnout, signup = row.table("turnout"), row.table("signups")
        place = {"site": row.one(sites, row.take("site"), "site")} if "site" in row else {}
        place["community"] = row.one(communities, row.take("community", None), "community")
        fields = row.fields(
            Event,
            **place,
            initiative=row.one(initiatives, row.take("initiative"), "initiative"),
            starts_at=starts_at,
            ends_at=ends_at,
            hours_stated=hours_stated,
            # The demo lead made the example events; nobody on the portal made the real ones.
            created_by=users.get(LEAD) if example else None,
            is_example=example,
        )
        defaults = {"status": Event.Status.PUBLISHED, "source": "", "source_url": "", **fields}
        defaults = bilingual(Event, defaults)
        event, _ = Event.objects.update_or_create(slug=slug, defaults=defaults)
        event.hosts.set(hosts)
        for language, interpretation in languages:
            EventLanguage.objects.update_or_create(
                event=event, language=language, defaults={"interpretation": interpretation}
            )
        event.demo_languages = languages  # read back by _register, saving a query per person
        events[slug] = event
        if turnout:
            turnouts.append((event, turnout))
        if signup:
            signups.append((event, signup))
    return events, turnouts, signups


def _register(event, person, status, consented_at, user=None, checked_in_at=None):
    # Only ask for what the event offers: an interpreter it has, childcare, a ride to a place.
    offered = {language for language, through in event.demo_languages if through}
    interpretation = person.get("interpretation_language", "")
    registration, _ = Registration.objects.exclude(
        status=Registration.Status.CANCELLED
    ).update_or_create(
        event=event,
        email=user.email if user else email_for(person["name"]),
        defaults={
            "user": user,
            "name": user.name if user else person["name"],
            "language": person["language"],
            "interpretation_language": interpretation if interpretation in offered else "",
            "children_count": person.get("children_count", 0) if event.childcare_offered else 0,
            "needs_transportation": (
                person.get("needs_transportation", False) and event.format != Event.Format.ONLINE
            ),
            "accessibility_needs": person.get("accessibility_needs", ""),
            "status": status,
            "consented_at": consented_at,
            "checked_in_at": checked_in_at,
        },
    )
    return registration


def _registrations(events, turnouts, signups, people, now):
    confirmed, waitlisted = Registration.Status.CONFIRMED, Registration.Status.WAITLISTED
    for event, turnout in turnouts:
        registered, no_shows = turnout.take("registered"), turnout.take("no_shows")
        answers = turnout.take("feedback", [])
        signed_up = event.starts_at - dt.timedelta(days=7)
        attended = []
        for i in range(registered):
            person = people[(i + registered) % len(people)]
            came = i < registered - no_shows
            arrived = event.starts_at + dt.timedelta(minutes=5 + i) if came else None
            reg = _register(event, person, confirmed, signed_up, checked_in_at=arrived)
            # When they registered, not when the demo was loaded.
            Registration.objects.filter(pk=reg.pk).update(created_at=signed_up)
            if came:
                attended.append(reg)
        if len(answers) > len(attended):
            turnout.fail("more feedback answers than people who came")
        _feedback(event, attended, answers, turnout)
    for event, signup in signups:
        count, waiting = signup.take("confirmed"), signup.take("waitlisted")
        start = signup.take("first_person")
        for i in range(count + waiting):
            person = people[(start + i) % len(people)]
            status = confirmed if i < count else waitlisted
            reg = _register(event, person, status, now)
            # Sign-ups over the last weeks, so the dashboard has months to compare.
            Registration.objects.filter(pk=reg.pk).update(
                created_at=now - dt.timedelta(days=2 + 4 * i)
            )


def _feedback(event, attended, answers, turnout):
    """The survey the morning after: everyone who came was asked, the first ones answered (in
    turn, `met` for each need they had asked for)."""
    asked = event.ends_at + dt.timedelta(hours=14)  # 10 am the next day
    Registration.objects.filter(pk__in=[r.pk for r in attended]).update(feedback_invited_at=asked)
    for registration, fields in zip(attended, answers, strict=False):
        met = turnout.choice(Feedback, "childcare_met", fields["met"])
        answer, _ = Feedback.objects.update_or_create(
            registration=registration,
            defaults={
                "event": event,
                "usefulness": fields["usefulness"],
                "language": turnout.choice(Feedback, "language", fields["language"]),
                "next_steps": fields.get("next_steps", ""),
                **{f"{need}_met": met for need in needs_asked(registration)},
            },
        )
        Feedback.objects.filter(pk=answer.pk).update(created_at=asked + dt.timedelta(hours=2))


def _account_registrations(rows, events, users, now):
    for row in rows:
        row.take("example")
        user = row.one(users, row.take("account"), "demo account")
        event = row.one(events, row.take("event"), "event")
        person = row.fields(Registration)
        _register(event, person, Registration.Status.CONFIRMED, now, user=user)


def _reports(rows, events, objectives, author):
    """What we heard: one report per event listed, the same texts in each. A fact's texts say
    who states them; an example's are written by the demo lead, two weeks after its event."""
    for row in rows:
        example = row.take("example", False)
        reported = row.many(events, row.take("events"), "event")
        published_on = row.take("published_on", None)
        themes = []
        for theme in row.nested("theme"):
            answered_by = theme.many(objectives, theme.take("objectives"), "objective")
            themes.append((bilingual(Theme, theme.fields(Theme)), answered_by))
        fields = bilingual(SessionReport, row.fields(SessionReport, is_example=example))
        for event in reported:
            if published_on is None:
                published_at = event.starts_at + dt.timedelta(days=14)
            else:  # the day the source has it, and never before the session ended
                published_at = max(local(published_on, 21), event.ends_at)
            report, _ = SessionReport.objects.update_or_create(
                event=event,
                defaults={
                    "source": "",
                    "source_url": "",
                    **fields,
                    "published_at": published_at,
                    "author": author if example else None,
                },
            )
            for position, (texts, answered_by) in enumerate(themes, 1):
                texts = dict(texts)
                theme, _ = Theme.objects.update_or_create(
                    report=report,
                    title=texts.pop("title"),
                    defaults={**texts, "position": position},
                )
                theme.objectives.set(answered_by)


def _suggestions(rows, events, users, communities):
    for row in rows:
        row.take("example")
        event = row.one(events, row.take("event", None), "event")
        member = row.one(users, row.take("submitted_by", None), "demo account")
        fields = {"language": "en", **row.fields(LocationSuggestion, event=event, is_example=True)}
        if member:
            fields.update(submitted_by=member, contact_name=member.name, contact_email=member.email)
        LocationSuggestion.objects.update_or_create(
            place=fields.pop("place"),
            community=row.one(communities, fields.pop("community"), "community"),
            defaults=fields,
        )
