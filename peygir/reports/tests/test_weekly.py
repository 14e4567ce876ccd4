"""The weekly report's fast reads hold exactly what the straightforward agenda query holds:
the same rows in the same order, the same counts, for every persona."""

import datetime
import itertools
from collections.abc import Callable

import pytest
import time_machine
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.test import Client
from django.utils import timezone

from peygir.bench.generate import generate
from peygir.conftest import World
from peygir.organizations.models import Organization
from peygir.reports import weekly
from peygir.resolutions.choices import EventKind, Status
from peygir.resolutions.models import Resolution, ResolutionEvent
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.resolutions.services import deadline_revision_request
from peygir.tallies.services import tally_mark_all_dirty
from peygir.workspace.selectors import (
    agenda_counts_live,
    agenda_section_first,
    agenda_sections,
    weekly_agenda,
)

NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)  # a Saturday
PERSONAS = ["secretariat", "deputy", "county", "other_county", "officer", "gas_officer"]


def _straightforward(today: datetime.date) -> dict[str, Q]:
    """The report's sections as it read them before: filters on the annotated agenda."""
    return {
        "due": Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)),
        "overdue": Q(deadline__lt=today),
        "stale": Q(is_stale=True),
        "decisions": Q(pending_revisions__gt=0),
    }


def _fulfilled_straightforward(user: object, since: datetime.datetime) -> QuerySet[Resolution]:
    done = ResolutionEvent.objects.filter(
        resolution=OuterRef("pk"),
        kind=EventKind.STATUS_CHANGED,
        data__new=Status.DONE,
        created_at__gte=since,
    )
    return (
        resolutions_visible_to(user)  # type: ignore[arg-type]
        .filter(Exists(done), status=Status.DONE)
        .order_by("responsible_body__name", "id")
    )


@pytest.fixture
def busy(world: World) -> World:
    """Generated rows (every status, deadlines around today, actions or none) and a few
    written here: owners of the same name, no owner, no deadline, pending revisions and
    resolutions marked done this week and before."""
    with time_machine.travel(NOW - datetime.timedelta(days=20), tick=False):
        old = world.resolution(deadline=datetime.date(2026, 11, 1))
        Resolution.objects.filter(pk=old.pk).update(status=Status.DONE)
        ResolutionEvent.objects.create(
            resolution=old, kind=EventKind.STATUS_CHANGED, data={"new": Status.DONE}
        )
    with time_machine.travel(NOW, tick=False):
        generate(resolutions=150, actions_per_resolution=2)
        twin = Organization.objects.create(
            code="FG-KAHAK-2", name=world.kahak_governorate.name, kind="county_governorate"
        )
        generated = list(Resolution.objects.order_by("pk").values_list("pk", flat=True))
        Resolution.objects.filter(pk__in=generated[::7]).update(followup_owner=twin)
        Resolution.objects.filter(pk__in=generated[1::9]).update(followup_owner=None)
        Resolution.objects.filter(pk__in=generated[2::11]).update(deadline=None)
        Resolution.objects.filter(pk__in=generated[3::5]).update(
            deadline=timezone.localdate() + datetime.timedelta(days=3)
        )
        for resolution in Resolution.objects.filter(pk__in=generated[4::13]):
            deadline_revision_request(
                actor=world.users["officer"],
                resolution=resolution,
                new_date=datetime.date(2028, 1, 1),
                reason="کمبود اعتبار",
            )
        for pk in generated[5::6]:
            Resolution.objects.filter(pk=pk).update(status=Status.DONE)
            ResolutionEvent.objects.create(
                resolution_id=pk, kind=EventKind.STATUS_CHANGED, data={"new": Status.DONE}
            )
        tally_mark_all_dirty()  # the updates above went around the services
    if connection.vendor == "postgresql":
        # Statistics as autovacuum keeps them: counted while the tables were nearly empty
        # (after other tests), they have PostgreSQL join these rows in nested loops, the
        # straightforward query and the owner's walk alike, for tens of seconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return world


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("limit", [1, 7, 60])
def test_each_section_reads_the_agenda_rows_in_its_order(busy: World, limit: int) -> None:
    today = timezone.localdate()
    sections, before = agenda_sections(today), _straightforward(today)
    seen = 0
    for persona, key in itertools.product(PERSONAS, sections):
        user = busy.users[persona]
        expected = [r.pk for r in weekly_agenda(user).filter(before[key])[:limit]]
        assert [r.pk for r in agenda_section_first(user, sections[key], limit)] == expected, (
            persona,
            key,
        )
        seen += len(expected)
    assert seen > 0


@time_machine.travel(NOW, tick=False)
def test_the_counts_stored_and_live_equal_the_agenda_counts(busy: World) -> None:
    today, since = timezone.localdate(), timezone.now() - datetime.timedelta(days=7)
    before = _straightforward(today)
    stored, shown = 0, {}
    for persona in PERSONAS:
        user = busy.users[persona]
        agenda = weekly_agenda(user).order_by()
        expected = agenda.aggregate(
            **{key: Count("pk", filter=condition) for key, condition in before.items()}
        )
        expected["fulfilled"] = _fulfilled_straightforward(user, since).count()
        live = {
            **agenda_counts_live(user, today),
            "fulfilled": weekly._fulfilled_since(user, since).count(),
        }
        assert live == expected, persona
        counts = weekly._counts(user, today, since)
        if counts is not None:  # the province-wide staff and a county governorate
            assert counts == expected, persona
            stored += 1
        shown[persona] = expected
    assert stored == 4
    assert all(shown["secretariat"].values())  # every section holds something to compare
    assert all(shown["county"].values())


@time_machine.travel(NOW, tick=False)
def test_the_fulfilled_rows_are_the_straightforward_ones(busy: World) -> None:
    since = timezone.now() - datetime.timedelta(days=7)
    seen = 0
    for persona in PERSONAS:
        user = busy.users[persona]
        expected = list(_fulfilled_straightforward(user, since).values_list("pk", flat=True))
        assert list(weekly._fulfilled_since(user, since).values_list("pk", flat=True)) == expected
        seen += len(expected)
    assert seen


@time_machine.travel(NOW, tick=False)
def test_the_report_reads_a_fixed_number_of_queries(
    busy: World, django_assert_max_num_queries: Callable[[int], object]
) -> None:
    for persona in ("deputy", "county"):
        client = Client()
        client.force_login(busy.users[persona])
        client.get("/staff/reports/weekly/pdf/")  # the stored tallies counted once
        with django_assert_max_num_queries(40):  # type: ignore[attr-defined]
            response = client.get("/staff/reports/weekly/pdf/")
        assert response.status_code == 200
