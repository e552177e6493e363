"""The seeds' facts, as load_demo loads them: each on its real date, with its source, not an
example; what a seed quotes credited to whoever said it."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from events.models import Event, SessionReport, Theme
from initiatives.models import Measurement, Milestone, Objective, ProgressUpdate
from tests.portal.helpers import ACTION_LAB, BOSTON
from tests.support.provenance import element_with

# The day of the load is far from the seeds' dates: nothing real may move to it.
LOAD_DAY = dt.datetime(2026, 11, 10, 15, 0, tzinfo=BOSTON)

BROWNS_PROMISE = "Brown's Promise Massachusetts, Our work"
NSRN = "New Skills ready network, Boston, Massachusetts: year-one snapshot"
OOMA = "Open Opportunity Massachusetts, Economic Mobility (updated June 11, 2020)"
OPPORTUNITY_COALITION = "Opportunity Coalition, The Opportunity Coalition Story"


@pytest.fixture
def demo(load_demo):
    load_demo(LOAD_DAY)


def local_day(moment):
    return moment.astimezone(BOSTON).date()


def test_the_2024_sessions_on_their_dates_with_their_source(demo, client):
    sessions = Event.objects.filter(is_example=False)
    assert sorted((e.city, local_day(e.starts_at)) for e in sessions) == [
        ("Holyoke", dt.date(2024, 10, 16)),
        ("Lynn", dt.date(2024, 12, 13)),
        ("Springfield", dt.date(2024, 5, 29)),
        ("Springfield", dt.date(2024, 8, 16)),
        ("Springfield", dt.date(2024, 9, 18)),
    ]
    for session in sessions:
        assert (session.source, session.source_url) == (BROWNS_PROMISE, "")
        assert session.kind == Event.Kind.LISTENING_SESSION
        assert session.created_by is None
        assert not session.registrations.exists()
        # The page gives the date, not the hours: none are shown, or invented.
        assert session.hours_stated is False
    lynn = sessions.get(city="Lynn")
    page = client.get(lynn.get_absolute_url()).text
    assert '<time datetime="2024-12-13">December 13, 2024</time>' in page
    assert "p.m." not in page and "Eastern Time" not in page
    calendar = client.get(f"/events/{lynn.slug}/event.ics").content
    assert b"DTSTART;VALUE=DATE:20241213" in calendar
    assert b"DTEND;VALUE=DATE:20241214" in calendar


def test_only_the_facts_without_hours_leave_them_unstated(demo):
    assert set(Event.objects.filter(hours_stated=False).values_list("is_example", flat=True)) == {
        False
    }
    assert Event.objects.filter(is_example=True, hours_stated=True).exists()


def test_the_segregation_ranks_carry_their_year_and_source(demo):
    ranks = Measurement.objects.filter(indicator__unit="rank")
    assert sorted(
        (m.indicator.slug, m.value, m.period_label, m.as_of, m.source, m.is_example)
        for m in ranks
    ) == [
        ("ma-between-district-economic-segregation-rank", 2, "2024", dt.date(2024, 12, 13),
         f"{BROWNS_PROMISE} (data: The Segregation Tracking Project)", False),
        ("ma-economic-segregation-rank", 6, "2024", dt.date(2024, 12, 13),
         f"{BROWNS_PROMISE} (data: The Segregation Tracking Project)", False),
        ("ma-exposure-to-student-poverty-rank", 5, "2024", dt.date(2024, 12, 13),
         f"{BROWNS_PROMISE} (data: The Segregation Tracking Project)", False),
    ]  # fmt: skip


def test_every_seed_figure_carries_its_year_and_source(demo):
    figures = {
        m.indicator.slug: (m.value, m.period_start.year, m.as_of, m.source)
        for m in Measurement.objects.filter(
            is_example=False, indicator__unit__in=["count", "dollars"]
        )
    }
    assert figures == {
        "boston-pic-direct-placements": (
            Decimal("1055"),
            2020,
            dt.date(2020, 6, 1),
            f"{NSRN} (figure: Boston Private Industry Council)",
        ),
        "boston-city-youth-employment-funding": (
            Decimal("4100000"),
            2020,
            dt.date(2020, 6, 1),
            f"{NSRN} (figure: City of Boston)",
        ),
        "reinventing-child-care-webinar-participants": (
            Decimal("700"),
            2020,
            dt.date(2020, 8, 31),
            ACTION_LAB,
        ),
        "ooma-network-organizations": (Decimal("40"), 2020, dt.date(2020, 6, 11), OOMA),
    }
    # No seed gives an address: no source link is made up.
    assert not Measurement.objects.exclude(source_url="").exists()


def test_the_new_skills_ready_network_year_one_stays_in_2020_21(demo):
    year_one = dt.date(2021, 6, 30)
    milestones = Milestone.objects.filter(
        objective__initiative__slug="new-skills-ready-network-boston", is_example=False
    )
    assert sorted(milestones.values_list("title", "completed_on", "source")) == [
        ("Choose industry areas for the new career pathways", year_one, NSRN),
        ("Create selection criteria to identify the pilot schools", year_one, NSRN),
        ("Two leadership team sessions with the Center for Equity and Cultural Wealth",
         year_one, NSRN),
    ]  # fmt: skip
    updates = ProgressUpdate.objects.filter(
        objective__initiative__slug="new-skills-ready-network-boston", is_example=False
    )
    assert sorted(
        (u.objective.slug, local_day(u.created_at), u.organization.name, u.status)
        for u in updates
    ) == [
        ("select-first-hqccp-pilot-cohort", year_one, "EdVestors", "on_track"),
        ("shared-definition-of-equity-and-cultural-wealth", year_one,
         "Bunker Hill Community College", "done"),
        ("sign-secondary-postsecondary-data-sharing-agreements", year_one, "EdVestors",
         "on_track"),
    ]  # fmt: skip
    for update in updates:
        assert (update.source, update.author) == (NSRN, None)
    # The milestones done in year one were marked done by the year-one update.
    chosen = milestones.get(title="Choose industry areas for the new career pathways")
    assert chosen.completed_by_update.created_at.year == 2021


def test_the_action_lab_stays_in_2020(demo):
    update = ProgressUpdate.objects.get(objective__initiative__slug="umass-boston-ece-action-lab")
    assert not update.is_example
    assert local_day(update.created_at) == dt.date(2020, 8, 31)
    assert (update.source, update.author, update.organization.name) == (
        ACTION_LAB,
        None,
        "University of Massachusetts Boston",
    )
    assert "More than 700" in update.narrative
    objective = Objective.objects.get(initiative__slug="umass-boston-ece-action-lab")
    assert (objective.source, objective.is_example) == (ACTION_LAB, False)
    # Nothing of the Action Lab is dated after 2020.
    lab = "umass-boston-ece-action-lab"
    assert not ProgressUpdate.objects.filter(
        objective__initiative__slug=lab, created_at__year__gt=2020
    ).exists()
    assert not Milestone.objects.filter(objective__initiative__slug=lab).exists()
    assert not Event.objects.filter(initiative__slug=lab, starts_at__year__gt=2020).exists()


def test_browns_promise_sessions_held_is_a_fact_of_december_2024(demo):
    update = ProgressUpdate.objects.get(
        objective__slug="co-create-segregation-policy-agenda", is_example=False
    )
    assert local_day(update.created_at) == dt.date(2024, 12, 13)
    assert (update.source, update.author, update.organization.name) == (
        BROWNS_PROMISE,
        None,
        "Brown's Promise",
    )
    held = Milestone.objects.get(title__startswith="Hold community engagement sessions")
    assert (held.completed_on, held.source, held.is_example) == (
        dt.date(2024, 12, 13),
        BROWNS_PROMISE,
        False,
    )
    assert held.completed_by_update == update


def test_no_fact_is_dated_from_the_load_day(demo):
    load_day = LOAD_DAY.date()
    recent = load_day - dt.timedelta(days=365)
    for model, field in (
        (ProgressUpdate, "created_at__date__gte"),
        (Event, "starts_at__date__gte"),
        (Milestone, "due_date__gte"),
    ):
        late = model.objects.filter(is_example=False, **{field: recent})
        assert not late.exists(), (model.__name__, list(late))
    # Facts all name their source; no seed gives an address, so no link either.
    for model in (Objective, Milestone, ProgressUpdate, Event, SessionReport, Measurement):
        facts = model.objects.filter(is_example=False)
        assert facts.exists(), model.__name__
        assert not facts.filter(source="").exists(), model.__name__
        assert not facts.exclude(source_url="").exists(), model.__name__


def test_the_state_directors_words_are_the_directors(demo):
    reports = SessionReport.objects.filter(is_example=False)
    assert reports.count() == 5
    for report in reports:
        assert report.source == BROWNS_PROMISE
        assert report.author is None
        assert "its Massachusetts State Director writes" in report.summary
        assert "We keep hearing the same things" in report.summary
        assert "has not published notes of this session" in report.summary
        # Published when the page had it: never before the session.
        assert report.published_at >= report.event.ends_at
        for theme in report.themes.all():
            assert theme.description.startswith("The Massachusetts State Director's letter")
            assert theme.description_es.startswith("La carta de la Dirección Estatal")
    # No text puts the Director's words, or any words, in one city's mouth.
    for text in Theme.objects.values_list("description", flat=True):
        assert "People in" not in text and "{city}" not in text
    assert not Theme.objects.filter(description__icontains="far from perfect").exists()
    # "Early integration efforts were far from perfect" stays the Director's, quoted as such.
    equip = Objective.objects.get(slug="equip-advocates-with-research-and-tools")
    assert "State Director writes" in equip.description
    assert "“Early integration efforts were far from perfect." in equip.description


def test_facts_are_credited_to_organizations_not_to_demo_accounts(demo):
    facts = ProgressUpdate.objects.filter(is_example=False)
    assert facts.count() == 5
    assert not facts.filter(author__isnull=False).exists()
    assert not ProgressUpdate.objects.filter(
        author__email="lead@example.org", is_example=False
    ).exists()
    assert not Event.objects.filter(is_example=False, created_by__isnull=False).exists()
    assert not Measurement.objects.filter(is_example=False, recorded_by__isnull=False).exists()


def test_the_opportunity_coalition_story_is_undated_so_only_its_objectives_are_facts(demo):
    objectives = Objective.objects.filter(initiative__slug="opportunity-coalition")
    assert set(objectives.values_list("source", "is_example")) == {(OPPORTUNITY_COALITION, False)}
    for model in (ProgressUpdate, Milestone):
        dated = model.objects.filter(objective__in=objectives)
        assert dated.exists() and not dated.filter(is_example=False).exists()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/initiatives/new-skills-ready-network-boston/", ["1,055", "4,100,000", "June 30, 2021"]),
        ("/initiatives/objectives/select-first-hqccp-pilot-cohort/", ["Within the year one"]),
        ("/initiatives/objectives/generate-ideas-for-reinventing-ece/", ["More than 700"]),
        (
            "/initiatives/objectives/co-create-segregation-policy-agenda/",
            ["Community engagement sessions held in Springfield"],
        ),
        (
            "/events/community-engagement-session-lynn-2024-12-13/",
            ["December 13, 2024", "its Massachusetts State Director writes"],
        ),
        ("/initiatives/objectives/equip-advocates-with-research-and-tools/", ["far from perfect"]),
    ],
)
def test_the_facts_reach_their_pages(demo, client, url, shown):
    with time_machine.travel(LOAD_DAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    for text in shown:
        assert text in response.text, text


@pytest.mark.parametrize(
    ("url", "period", "value"),
    [
        ("/initiatives/umass-boston-ece-action-lab/", "Summer 2020", "700"),
        ("/initiatives/open-opportunity-massachusetts/", "June 2020", "40"),
    ],
)
def test_the_figures_reach_their_tables(demo, client, url, period, value):
    # The descriptions already say "More than 700" and "40+": only the figure's own row of its
    # table shows that the measurement itself was loaded.
    with time_machine.travel(LOAD_DAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    row = element_with(response.text, f'<th scope="row">{period}</th>', tag="tr")
    assert f'<td class="num">{value}</td>' in row
