"""The stored tallies give the overview exactly the live numbers, after any writes."""

import datetime
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from peygir.accounts.models import User
from peygir.bench.generate import generate
from peygir.conftest import World
from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.followup.services import (
    followup_record_letter,
    followup_record_reply,
    followup_record_visit,
)
from peygir.organizations.models import Organization
from peygir.persian import fiscal_year
from peygir.reports.dashboards import entries, trends_dashboard
from peygir.reports.filters import ReportFilter
from peygir.reports.stored import counted_live
from peygir.reports.tables import Dashboard
from peygir.resolutions import services
from peygir.resolutions.choices import FundingSource, RevisionState, Status
from peygir.resolutions.models import Category, DeadlineRevision, Resolution
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.tallies import selectors as tally_selectors
from peygir.tallies.models import Tally, TallyKind
from peygir.tallies.services import BLOCK_SIZE
from peygir.workspace.selectors import Overview, overview_for, overview_live

TODAY = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)  # a Saturday


def numbers(overview: Overview) -> dict[str, Any]:
    return {
        "total": overview.total,
        "by_status": overview.by_status,
        "flags": (overview.overdue, overview.stale, overview.due_week),
        "pending": overview.pending_revisions,
        "by_county": [
            (row["place"].pk, row["total"], row.get("open", 0), row.get("overdue", 0))
            for row in overview.by_county
        ],
        "by_body": [
            (
                row["responsible_body_id"],
                row["responsible_body__name"],
                row["total"],
                row["open"],
                row["overdue"],
            )
            for row in overview.by_body
        ],
    }


def assert_as_live(user: User) -> dict[str, Any]:
    stored, live = numbers(overview_for(user)), numbers(overview_live(user))
    assert stored == live
    return stored


def dashboards_of(user: User, wanted: ReportFilter | None = None) -> list[Dashboard]:
    wanted = wanted or ReportFilter()
    return [entry.build(user, wanted) for entry in entries()] + [
        trends_dashboard(user, wanted, "week")
    ]


def assert_dashboards_as_live(user: User, wanted: ReportFilter | None = None) -> list[Dashboard]:
    """Every dashboard read from the stored tallies (the province-wide staff's and a county
    governorate's, unfiltered or for one fiscal year) shows what counting live shows."""
    stored = dashboards_of(user, wanted)
    with counted_live():
        live = dashboards_of(user, wanted)
    for shown, counted in zip(stored, live, strict=True):
        assert shown.headline == counted.headline, shown.slug
        for mine, theirs in zip(shown.sections, counted.sections, strict=True):
            assert mine.rows == theirs.rows, (shown.slug, mine.key)
    return stored


def _fresh(resolution: Resolution) -> Resolution:
    return Resolution.objects.get(pk=resolution.pk)


def _status(actor: User, resolution: Resolution, target: str) -> None:
    if target == "accept":
        services.resolution_accept(actor=actor, resolution=resolution)
    elif target == "progress":
        services.resolution_report_progress(
            actor=actor, resolution=resolution, progress=40, note="پیشرفت"
        )
    elif target == "contest":
        services.resolution_contest(actor=actor, resolution=resolution, reason="مربوط نیست")
    else:
        services.resolution_change_status(
            actor=actor, resolution=resolution, status=target, reason="به دلیل آزمون"
        )


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("create"),
            st.integers(0, 4),  # which places
            st.one_of(st.none(), st.integers(-40, 400)),  # deadline, days from today
            st.integers(0, 3),  # which body
            st.integers(0, 2),  # which follow-up owner
            st.integers(0, 2),  # which category
        ),
        # the body placed in Kahak moves to the other county, or back (as an administrator
        # would edit it): what the county governorates see changes with no resolution written
        st.tuples(st.just("move"), st.booleans()),
        st.tuples(
            st.just("status"),
            st.integers(0, 50),
            st.sampled_from(
                ["accept", "progress", "contest", Status.DONE, Status.STALLED, Status.CANCELLED]
            ),
        ),
        st.tuples(st.just("deadline"), st.integers(0, 50), st.integers(-40, 40)),
        st.tuples(st.just("request"), st.integers(0, 50), st.integers(1, 40)),
        st.tuples(st.just("decide"), st.integers(0, 50), st.booleans()),
        # keep: the action names the resolution's current next follow-up date
        st.tuples(st.just("followup"), st.integers(0, 50), st.integers(0, 40), st.booleans()),
        st.tuples(st.just("places"), st.integers(0, 50), st.integers(0, 4)),
        # another category, and another responsible body (while it is not yet accepted)
        st.tuples(st.just("details"), st.integers(0, 50), st.integers(0, 2), st.integers(0, 3)),
        st.tuples(st.just("day"), st.integers(1, 15)),
        # a letter to a body (or to none: counted for the responsible body), dated days ago
        st.tuples(st.just("letter"), st.integers(0, 50), st.integers(0, 40), st.integers(0, 2)),
        st.tuples(st.just("reply"), st.integers(0, 50), st.integers(0, 10)),
        st.tuples(
            st.just("fund"),
            st.integers(0, 50),
            st.sampled_from([FundingSource.NATIONAL, FundingSource.PROVINCIAL]),
            st.integers(1403, 1405),  # fiscal year
            st.integers(0, 3),  # billions approved
        ),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@examples(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_the_stored_counts_equal_the_live_ones_after_any_writes(
    world: World, operations: list[tuple[Any, ...]]
) -> None:
    actor = world.users["secretariat"]
    places = [
        [world.fordo],
        [world.qom_city],
        [world.fordo, world.qom_city],  # two counties: once in each, once in the totals
        [world.kahak, world.fordo],  # two places of one county: once there
        [world.province],  # no county
    ]
    # (examples share the database: the body is made once, and put back in Kahak)
    local, _made = Organization.objects.update_or_create(
        code="KAHAK-WATER",
        defaults={
            "name": "آبفای کهک",
            "kind": "executive_body",
            "level": "county",
            "place": world.kahak,
        },
    )
    bodies = [world.roads, world.gas, None, local]
    water, _made = Category.objects.update_or_create(code="water", defaults={"name": "آب"})
    categories = [world.category, water, None]
    owners = [world.kahak_governorate, world.qom_governorate, world.secretariat_org]
    county, other_county = world.users["county"], world.users["other_county"]
    with time_machine.travel(TODAY, tick=False) as traveller:
        today = datetime.date(2026, 11, 21)
        assert_as_live(actor)
        assert_dashboards_as_live(actor)
        assert_dashboards_as_live(county)
        for step, operation in enumerate(operations):
            kind = operation[0]
            existing = list(Resolution.objects.order_by("pk"))
            try:
                if kind == "create":
                    _, where, due, body, owner, category = operation
                    world.resolution(
                        places=places[where],
                        category=categories[category],
                        responsible_body=bodies[body],
                        followup_owner=owners[owner],
                        start_date=None,
                        deadline=None if due is None else today + datetime.timedelta(days=due),
                    )
                elif kind == "move":
                    local.place = world.qom if operation[1] else world.kahak
                    local.save()
                elif kind == "day":
                    today += datetime.timedelta(days=operation[1])
                    traveller.move_to(datetime.datetime.combine(today, datetime.time(9)))
                elif not existing:
                    continue
                elif kind == "status":
                    _status(actor, existing[operation[1] % len(existing)], operation[2])
                elif kind == "deadline":
                    services.resolution_revise_deadline(
                        actor=actor,
                        resolution=existing[operation[1] % len(existing)],
                        new_date=today + datetime.timedelta(days=operation[2]),
                        reason="تمدید",
                    )
                elif kind == "request":
                    services.deadline_revision_request(
                        actor=actor,
                        resolution=existing[operation[1] % len(existing)],
                        new_date=today + datetime.timedelta(days=operation[2]),
                        reason="درخواست تمدید",
                    )
                elif kind == "decide":
                    pending = list(
                        DeadlineRevision.objects.filter(state=RevisionState.REQUESTED)
                        .select_related("resolution")
                        .order_by("pk")
                    )
                    if pending:
                        services.deadline_revision_decide(
                            actor=actor,
                            revision=pending[operation[1] % len(pending)],
                            approve=operation[2],
                        )
                elif kind == "followup":
                    resolution = _fresh(existing[operation[1] % len(existing)])
                    followup_record_visit(
                        actor=actor,
                        resolution=resolution,
                        date=today - datetime.timedelta(days=operation[2]),
                        place="استانداری",
                        met_whom="معاون",
                        who_went="دبیرخانه",
                        next_followup_date=resolution.next_followup_date if operation[3] else None,
                    )
                elif kind == "letter":
                    _, which, days_ago, body = operation
                    followup_record_letter(
                        actor=actor,
                        resolution=_fresh(existing[which % len(existing)]),
                        number=f"ن-{len(existing)}-{which}",
                        date=today - datetime.timedelta(days=days_ago),
                        subject="پیگیری",
                        recipient=bodies[body],
                    )
                elif kind == "reply":
                    letters = list(
                        FollowupAction.objects.filter(kind=ActionKind.LETTER_SENT).order_by("pk")
                    )
                    if letters:
                        letter = letters[operation[1] % len(letters)]
                        followup_record_reply(
                            actor=actor,
                            letter=letter,
                            number=f"پ-{letter.pk}",
                            date=min(letter.date + datetime.timedelta(days=operation[2]), today),
                        )
                elif kind == "fund":
                    _, which, source, year, approved = operation
                    services.funding_line_add(
                        actor=actor,
                        resolution=existing[which % len(existing)],
                        source=source,
                        fiscal_year=year,
                        approved=approved * 1_000_000_000,
                        allocated=approved * 400_000_000,
                        spent=approved * 100_000_000,
                    )
                elif kind == "details":
                    resolution = existing[operation[1] % len(existing)]
                    services.resolution_update_details(
                        actor=actor,
                        resolution=resolution,
                        expected_version=resolution.version,
                        category=categories[operation[2]],
                    )
                    if bodies[operation[3]] is not None:  # refused once accepted
                        services.resolution_assign(
                            actor=actor, resolution=resolution, body=bodies[operation[3]]
                        )
                elif kind == "places":
                    resolution = existing[operation[1] % len(existing)]
                    services.resolution_update_details(
                        actor=actor,
                        resolution=resolution,
                        expected_version=resolution.version,
                        places=places[operation[2]],
                    )
            except ValidationError:
                pass  # a refused write (a transition not allowed) changes nothing
            assert_as_live(actor)
            assert_dashboards_as_live(actor)
            # a county governorate's, and one fiscal year's (this one and the next), in turn
            year = fiscal_year(today) + step % 2
            assert_dashboards_as_live((county, other_county)[step % 2])
            filtered = ReportFilter(fiscal_year=year)
            assert_dashboards_as_live((actor, county)[step // 2 % 2], filtered)
            # every other step, one filter of the province-wide staff's: a county, a body or a
            # category in turn (each step would add half again to the test's time)
            if step % 2:
                turn = step // 6 % 2
                one = (
                    ReportFilter(county=(world.kahak, world.qom)[turn]),
                    ReportFilter(body=(world.roads, local)[turn]),
                    ReportFilter(category=categories[turn]),
                )[step // 2 % 3]
                assert_dashboards_as_live(actor, one)


@time_machine.travel(TODAY, tick=False)
def test_a_new_day_counts_again_without_any_write(world: World) -> None:
    actor = world.users["secretariat"]
    world.resolution(start_date=None, deadline=datetime.date(2026, 11, 22))
    assert assert_as_live(actor)["flags"] == (0, 0, 1)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC)):
        assert assert_as_live(actor)["flags"] == (1, 0, 0)
    overview_rows = Tally.objects.exclude(kind=TallyKind.DASH)  # no dashboard was opened
    assert set(overview_rows.values_list("computed_for", flat=True)) == {
        datetime.date(2026, 11, 24)
    }


@time_machine.travel(TODAY, tick=False)
def test_a_changed_stale_threshold_counts_again(
    world: World,
    settings: Any,
) -> None:
    actor = world.users["secretariat"]
    world.resolution()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)):
        assert assert_as_live(actor)["flags"][1] == 0
        settings.PEYGIR_STALE_WORKING_DAYS = 3
        assert assert_as_live(actor)["flags"][1] == 1


def test_a_follow_up_that_keeps_the_next_date_still_ends_staleness(world: World) -> None:
    actor = world.users["secretariat"]
    with time_machine.travel(datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC)):
        resolution = world.resolution(next_followup_date=datetime.date(2026, 12, 1))
    with time_machine.travel(TODAY, tick=False):
        assert assert_as_live(actor)["flags"][1] == 1
        followup_record_visit(
            actor=actor,
            resolution=_fresh(resolution),
            date=TODAY.date(),
            place="استانداری",
            met_whom="معاون",
            who_went="دبیرخانه",
            next_followup_date=datetime.date(2026, 12, 1),  # unchanged: no field is written
        )
        assert assert_as_live(actor)["flags"][1] == 0


def test_a_clean_overview_reads_the_stored_rows_in_four_queries(
    world: World, django_assert_num_queries: Callable[[int], Any]
) -> None:
    actor = world.users["secretariat"]
    for number in range(5):
        world.resolution(title=f"مصوبه {number}", places=[world.fordo, world.qom_city])
    overview_for(actor)
    # The counties, the stored rows, the highest id, the bodies' names; nothing counted.
    with django_assert_num_queries(4):  # type: ignore[attr-defined]
        assert overview_for(actor).total == 5


def test_a_write_marks_only_its_block_and_counties(world: World) -> None:
    actor = world.users["secretariat"]
    first = world.resolution(places=[world.fordo])
    world.resolution(places=[world.qom_city])
    overview_for(actor)
    before = {(k, key): seq for k, key, seq in Tally.objects.values_list("kind", "key", "seq")}
    services.resolution_accept(actor=actor, resolution=_fresh(first))
    after = {(k, key): seq for k, key, seq in Tally.objects.values_list("kind", "key", "seq")}
    changed = {row for row in after if after[row] != before.get(row)}
    assert changed == {
        (TallyKind.BLOCK, first.pk // BLOCK_SIZE),
        (TallyKind.DASH, first.pk // BLOCK_SIZE),
        (TallyKind.COUNTY, world.kahak.pk),
    }


def test_a_write_while_counting_leaves_the_row_dirty(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write landing between reading a row's seq and storing its counts is not lost."""
    actor = world.users["secretariat"]
    resolution = world.resolution()
    count_blocks = tally_selectors._count_blocks

    def count_then_write(*args: Any, **kwargs: Any) -> Any:
        counted = count_blocks(*args, **kwargs)
        services.resolution_change_status(
            actor=actor, resolution=_fresh(resolution), status=Status.CANCELLED, reason="لغو"
        )
        return counted

    monkeypatch.setattr(tally_selectors, "_count_blocks", count_then_write)
    overview_for(actor)  # counted before the write landed
    monkeypatch.undo()
    assert assert_as_live(actor)["by_status"][-1][2] == 1  # cancelled, seen


def test_every_persona_sees_the_numbers_of_their_own_scope(world: World) -> None:
    world.resolution(places=[world.fordo])
    world.resolution(places=[world.qom_city], responsible_body=world.gas)
    world.resolution(places=[world.fordo, world.qom_city])
    everything = Resolution.objects.count()
    for name, user in world.users.items():
        shown = assert_as_live(user)
        assert shown["total"] == resolutions_visible_to(user).count(), name
    assert overview_for(world.users["secretariat"]).total == everything
    assert overview_for(world.users["other_county"]).total < everything
    assert overview_for(world.users["outsider"]).total == 0


@pytest.mark.django_db
def test_generated_rows_are_counted_too(world: World) -> None:
    actor = world.users["secretariat"]
    world.resolution()
    overview_for(actor)
    generate(resolutions=40)  # bulk inserts, around the services
    assert assert_as_live(actor)["total"] == 41


def _ids_start_at(first: int | None) -> None:
    """Make the next resolution's id `first` (None: leave the database's own sequence).

    PostgreSQL's sequences are not rolled back with a test's transaction, so in a full run
    the ids go on from what earlier tests used, and a lone resolution can sit past the first
    block. Every block up to the highest id is counted (the empty ones too), so the tests
    below run in both places on both databases instead of only in whichever one the order
    of the run happens to give.
    """
    if first is None:
        return
    table, last = Resolution._meta.db_table, first - 1
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, last])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last, table])
            if not cursor.rowcount:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last]
                )


def _blocks() -> int:
    """How many blocks the tallies count: every one up to the highest resolution id."""
    top: int = Resolution.objects.aggregate(top=Max("pk"))["top"]
    return top // BLOCK_SIZE + 1


IDS_START = pytest.mark.parametrize(
    "first_id", [None, 2 * BLOCK_SIZE + 7], ids=["ids-as-they-come", "ids-in-the-third-block"]
)


@IDS_START
def test_the_refresh_command_counts_what_a_new_day_made_out_of_date(
    world: World, first_id: int | None
) -> None:
    actor = world.users["secretariat"]
    _ids_start_at(first_id)
    resolution = world.resolution(places=[world.fordo, world.qom_city])
    if first_id is not None:
        assert resolution.pk == first_id
    with time_machine.travel(TODAY, tick=False):
        overview_for(actor)
        dashboards_of(actor)  # the dashboards' rows are counted too
        out = StringIO()
        call_command("tallies_refresh", stdout=out)
        assert out.getvalue().strip() == "recounted 0"
    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False):
        out = StringIO()
        call_command("tallies_refresh", stdout=out)
        # every block (overview and dashboards, empty ones too) and the two counties
        assert out.getvalue().strip() == f"recounted {2 * _blocks() + 2}"
        assert assert_as_live(actor)["total"] == 1


@IDS_START
def test_the_worker_recounts_what_a_write_made_dirty(
    world: World, first_id: int | None, django_assert_num_queries: Callable[[int], Any]
) -> None:
    """So that after a write the overview reads clean rows instead of counting."""
    actor = world.users["secretariat"]
    _ids_start_at(first_id)
    resolution = world.resolution(places=[world.fordo])
    overview_for(actor)
    services.resolution_accept(actor=actor, resolution=_fresh(resolution))
    out = StringIO()
    call_command("worker", "--once", "--sweep-every", "3600", stdout=out)
    # the written block, its county, and every block's dashboard row (none counted yet)
    assert f'"tallies_refresh": "recounted {_blocks() + 2}"' in out.getvalue()
    with django_assert_num_queries(4):  # type: ignore[attr-defined]
        assert overview_for(actor).total == 1


def _refresh(*args: str) -> str:
    out = StringIO()
    call_command("tallies_refresh", *args, stdout=out)
    return out.getvalue().strip()


def test_a_recount_given_seconds_leaves_the_blocks_past_them_for_the_next_run(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new day makes every stored row out of date: at 1 M its recount takes minutes, which
    the worker's rounds share (`--seconds`) instead of holding the deliveries for all of it."""
    monkeypatch.setattr("peygir.tallies.dashboards.CHUNK", 1)  # a chunk of one block
    actor = world.users["secretariat"]
    _ids_start_at(2 * BLOCK_SIZE + 7)  # three blocks
    world.resolution(places=[world.fordo, world.qom_city])
    with time_machine.travel(TODAY, tick=False):
        assert _refresh().startswith("recounted ")
    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False):
        overview = _blocks() + 2  # the overview's blocks and two counties, counted at once
        # Past its seconds at once, each run still counts one chunk of the dashboards' blocks.
        assert _refresh("--seconds", "0") == f"recounted {overview + 1}"
        assert _refresh("--seconds", "0") == "recounted 1"
        assert _refresh("--seconds", "0") == "recounted 1"
        assert _refresh("--seconds", "0") == "recounted 0"
        assert _refresh() == "recounted 0"
        assert assert_as_live(actor)["total"] == 1
        dashboards_of(actor)  # and they read clean rows, counting nothing
        assert _refresh() == "recounted 0"
    with time_machine.travel(TODAY + datetime.timedelta(days=2), tick=False):
        assert _refresh("--seconds", "60") == f"recounted {overview + _blocks()}"


def test_the_worker_shares_a_new_days_recount_among_its_rounds(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr("peygir.tallies.dashboards.CHUNK", 1)
    settings.PEYGIR_RECOUNT_SECONDS = 0
    _ids_start_at(2 * BLOCK_SIZE + 7)
    world.resolution(places=[world.fordo])
    with time_machine.travel(TODAY, tick=False):
        _refresh()
    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False):
        out = StringIO()
        call_command("worker", "--once", "--sweep-every", "3600", stdout=out)
        assert f'"tallies_refresh": "recounted {_blocks() + 2 + 1}"' in out.getvalue()
        assert _refresh() == f"recounted {_blocks() - 1}"  # the rest, in one run without


@pytest.mark.django_db
def test_stored_counts_are_written_compact_and_read_back_as_the_json_module_would() -> None:
    counts = {"b12": [1, 0, 2], 7: {"nested": (3, 4)}, "sources": 2**63 - 1}
    row = Tally.objects.create(kind=TallyKind.DASH, key=-7, counts=counts)
    assert Tally.objects.get(pk=row.pk).counts == json.loads(json.dumps(counts))
    if connection.vendor == "sqlite":  # which keeps the text as written (PostgreSQL: jsonb)
        with connection.cursor() as cursor:
            cursor.execute("SELECT counts FROM tallies_tally WHERE id = %s", [row.pk])
            (text,) = cursor.fetchone()
        assert text == '{"b12":[1,0,2],"7":{"nested":[3,4]},"sources":9223372036854775807}'
