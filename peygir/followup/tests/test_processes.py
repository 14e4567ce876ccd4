"""A long pass shared among processes: each step taken once, the run told once, and a
child that fails leaves what the other committed told and the rest for the next sweep."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peygir.conftest import World
from peygir.followup import sweep as sweeping
from peygir.followup.models import SweepRun, SweepStep
from peygir.followup.sweep import sweep
from peygir.followup.tests.helpers import j, overdue_resolutions
from peygir.notifications.models import Notification
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import Resolution, ResolutionEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: the tests' SQLite database lives in memory, which child "
        "processes cannot open (the pass then runs in one process)",
    ),
]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two resolutions, and share any pass of two chunks or more."""
    monkeypatch.setattr(sweeping, "CHUNK", 2)
    monkeypatch.setattr(sweeping, "PARALLEL_FROM", 2)


@pytest.mark.django_db(transaction=True)
def test_a_pass_shared_among_processes_takes_each_step_once(
    world: World, small_chunks: None
) -> None:
    resolutions = overdue_resolutions(world, 9)
    summary = sweep(today=j("1405/03/21"), processes=2)
    assert summary["processes"] == 2
    assert summary["examined"] == Resolution.objects.count()
    assert summary["reminders"] == len(resolutions)
    assert summary["found"]["overdue"] == len(resolutions)  # type: ignore[index]
    steps = SweepStep.objects.all()
    assert sorted(steps.values_list("resolution_id", flat=True)) == sorted(
        r.pk for r in resolutions
    )
    assert len(set(steps.values_list("run", flat=True))) == 1
    assert ResolutionEvent.objects.filter(kind=EventKind.REMINDED).count() == len(resolutions)
    run = SweepRun.objects.get()
    assert run.announced_at is not None
    assert summary["messages"] > 0
    keys = list(Notification.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) > 0
    # The due days were stored by the children: the same day again reads nothing.
    again = sweep(today=j("1405/03/21"), processes=2)
    assert again["examined"] == 0
    assert again["reminders"] == again["escalations"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_child_leaves_the_rest_told_and_the_next_sweep_finishes(
    world: World, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolutions = overdue_resolutions(world, 9)
    last = max(r.pk for r in resolutions)
    facts = sweeping._facts

    def failing_facts(ids: list[int], today: datetime.date) -> object:
        if last in ids:
            raise RuntimeError("disk gone")
        return facts(ids, today)

    monkeypatch.setattr(sweeping, "_facts", failing_facts)  # inherited by the children
    with pytest.raises(RuntimeError, match="disk gone"):
        sweep(today=j("1405/03/21"), processes=2)
    # Every chunk but the last (one resolution) committed, and was told.
    assert SweepStep.objects.count() == len(resolutions) - 1
    assert not SweepStep.objects.filter(resolution_id=last).exists()
    assert SweepRun.objects.get().announced_at is not None
    assert Notification.objects.exists()

    monkeypatch.setattr(sweeping, "_facts", facts)
    summary = sweep(today=j("1405/03/21"), processes=2)
    assert summary["reminders"] == 1
    assert SweepStep.objects.filter(resolution_id=last).count() == 1
    assert SweepStep.objects.count() == len(resolutions)


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        (value,) = cursor.fetchone()
    return str(value)


@pytest.mark.django_db(transaction=True)
def test_chunks_commit_lazily_and_the_announcement_does_not(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunks' commits do not wait for the disk; the run's announcement does, and so
    flushes theirs first (see `_lazy_commits`); the connection is left as it was."""
    overdue_resolutions(world, 3)
    with connection.cursor() as cursor:  # as in production (the test cluster's is off)
        cursor.execute("SET synchronous_commit TO on")
    seen: dict[str, str] = {}
    take, announce = sweeping._take, sweeping.sweep_run_announce

    def take_watched(*args: object) -> list[int | None]:
        seen["chunk"] = _synchronous_commit()
        return take(*args)  # type: ignore[arg-type]

    def announce_watched(*args: object, **kwargs: object) -> object:
        seen["announcement"] = _synchronous_commit()
        return announce(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sweeping, "_take", take_watched)
    monkeypatch.setattr(sweeping, "sweep_run_announce", announce_watched)
    summary = sweep(today=j("1405/03/21"), processes=1)
    assert summary["reminders"] == 3
    assert seen == {"chunk": "off", "announcement": "on"}
    assert _synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_the_children_leave_a_connection_they_inherit_alone(
    world: World, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection still open when the parent forks (seen in a test process whose other
    threads had connections) is neither used nor closed by the children: each opens its
    own, and the parent's session lives on."""
    resolutions = overdue_resolutions(world, 9)
    connection.ensure_connection()
    assert connection.connection is not None
    backend = connection.connection.info.backend_pid
    monkeypatch.setattr(sweeping.connections, "close_all", lambda: None)  # left open
    summary = sweep(today=j("1405/03/21"), processes=2)
    assert summary["processes"] == 2
    assert summary["reminders"] == len(resolutions)
    assert SweepStep.objects.count() == len(resolutions)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone() == (backend,)


@pytest.mark.django_db(transaction=True)
def test_a_process_draws_its_steps_ids_ahead_more_at_a_time(world: World) -> None:
    """`DrawnIds`: distinct ids in order, the first statement drawing what was asked and
    each later one twice as many, up to DRAWN_AT_ONCE."""
    drawn = sweeping.DrawnIds()
    with CaptureQueriesContext(connection) as queries:
        taken = [drawn.take(count) for count in (3, 2, 1, 4, 2)]
    assert [len(ids) for ids in taken] == [3, 2, 1, 4, 2]
    every = [pk for ids in taken for pk in ids]
    assert every == sorted(set(every))
    asked = [q["sql"] for q in queries if "nextval" in q["sql"]]
    assert len(asked) == 3  # 3; then 6 (for 2 and 1); then 12 (for 4 and 2)
