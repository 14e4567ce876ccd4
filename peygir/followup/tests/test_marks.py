"""The database marks every write for the sweep, below the ORM: whatever path writes a
resolution or its follow-up actions, the sweep looks at it again. A pass that planned from
facts read before a write never stores its due day over that write's mark."""

import logging

import pytest
from django.db import connection, transaction

from peygir.conftest import World
from peygir.followup import sweep as sweep_module
from peygir.followup.choices import ActionKind
from peygir.followup.marks import ACTION_TRIGGERS, RESOLUTION_TRIGGERS, missing_marks
from peygir.followup.models import FollowupAction, SweepDue
from peygir.followup.services import followup_record_action
from peygir.followup.tests.helpers import j, on, sweep_on
from peygir.resolutions.models import Resolution

RESOLUTIONS = Resolution._meta.db_table
ACTIONS = FollowupAction._meta.db_table


def _raw(sql: str, params: list[object]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _row(resolution: Resolution) -> tuple[object, int]:
    due = SweepDue.objects.get(resolution=resolution)
    return due.due_on, due.mark


def _swept(world: World) -> Resolution:
    """A resolution the sweep has planned: it has a due day, not "look now"."""
    with on("1405/03/01"):
        resolution = world.resolution(
            start_date=j("1405/03/01"), deadline=j("1405/12/20"), next_followup_date=None
        )
    sweep_on("1405/03/02")
    assert _row(resolution)[0] is not None
    return resolution


def _action(world: World, resolution: Resolution) -> FollowupAction:
    with on("1405/03/02"):
        return followup_record_action(
            actor=world.users["county"],
            resolution=resolution,
            kind=ActionKind.CALL,
            date=j("1405/03/02"),
            outcome="قول پیگیری داد",
        )


def test_every_trigger_is_installed(db: None) -> None:
    assert missing_marks() == []


def test_a_new_resolution_gets_its_row_saying_look_now(world: World) -> None:
    due_on, _ = _row(world.resolution())
    assert due_on is None


def test_a_resolution_made_in_bulk_gets_its_row_too(world: World) -> None:
    template = world.resolution()
    copy = Resolution.objects.get(pk=template.pk)
    copy.pk, copy.tracking_code = None, "QM-BULK-1"
    (made,) = Resolution.objects.bulk_create([copy])
    assert SweepDue.objects.filter(resolution_id=made.pk, due_on__isnull=True).exists()


@pytest.mark.parametrize(
    "write",
    [
        "save",
        "queryset_update",
        "raw_update",
        "action_recorded",
        "action_raw_update",
        "action_deleted",
    ],
)
def test_every_way_of_writing_marks_the_resolution(world: World, write: str) -> None:
    resolution = _swept(world)
    if write.startswith("action_") and write != "action_recorded":
        action = _action(world, resolution)
        sweep_on("1405/03/02")
        assert _row(resolution)[0] is not None
    _, mark = _row(resolution)
    if write == "save":
        resolution.title = "آسفالت راه فردو و وشنوه"
        resolution.save()
    elif write == "queryset_update":
        Resolution.objects.filter(pk=resolution.pk).update(progress=10)
    elif write == "raw_update":
        _raw(f'UPDATE "{RESOLUTIONS}" SET progress = %s WHERE id = %s', [20, resolution.pk])
    elif write == "action_recorded":
        _action(world, resolution)
    elif write == "action_raw_update":
        _raw(f'UPDATE "{ACTIONS}" SET outcome = %s WHERE id = %s', ["پاسخ داد", action.pk])
    else:
        action.delete()
    due_on, moved = _row(resolution)
    assert due_on is None and moved > mark


def test_an_action_moved_to_another_resolution_marks_both(world: World) -> None:
    first, second = _swept(world), _swept(world)
    sweep_on("1405/03/02")
    action = _action(world, first)
    sweep_on("1405/03/02")
    _raw(f'UPDATE "{ACTIONS}" SET resolution_id = %s WHERE id = %s', [second.pk, action.pk])
    assert _row(first)[0] is None and _row(second)[0] is None


def test_a_resolution_without_history_can_still_be_deleted(world: World) -> None:
    # Resolutions with history are protected; a bare row (made in bulk) may go, its row too.
    copy = Resolution.objects.get(pk=world.resolution().pk)
    copy.pk, copy.tracking_code = None, "QM-BULK-2"
    (made,) = Resolution.objects.bulk_create([copy])
    pk = made.pk
    assert SweepDue.objects.filter(resolution_id=pk).exists()
    made.delete()
    assert not SweepDue.objects.filter(resolution_id=pk).exists()


def test_a_write_while_the_sweep_plans_is_not_overwritten(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts are read, then a clerk writes, then the pass stores what it planned: the
    stored day would hide the write from every later pass; the mark refuses it."""
    resolution = _swept(world)
    Resolution.objects.filter(pk=resolution.pk).update(progress=5)  # look now
    real = sweep_module._facts

    def facts_then_a_write(ids: list[int], today: object) -> object:
        read = real(ids, today)  # type: ignore[arg-type]
        Resolution.objects.filter(pk=resolution.pk).update(progress=30)
        return read

    monkeypatch.setattr(sweep_module, "_facts", facts_then_a_write)
    assert sweep_on("1405/03/03")["examined"] == 1
    assert _row(resolution)[0] is None  # still "look now"
    monkeypatch.setattr(sweep_module, "_facts", real)
    assert sweep_on("1405/03/03")["examined"] == 1
    assert _row(resolution)[0] is not None


def test_a_lost_trigger_is_restored_and_every_resolution_looked_at(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """What a migration that rebuilds the table does on SQLite: the triggers go, and writes
    after it are not marked. The next sweep puts them back and looks at everything."""
    planned = _swept(world)
    on_table = f' ON "{RESOLUTIONS}"' if connection.vendor == "postgresql" else ""
    for name in RESOLUTION_TRIGGERS:
        _raw(f'DROP TRIGGER "{name}"{on_table}', [])
    assert missing_marks() == list(RESOLUTION_TRIGGERS)
    Resolution.objects.filter(pk=planned.pk).update(progress=40)  # unmarked
    with on("1405/03/02"):
        unplanned = world.resolution(next_followup_date=None)  # gets no row
    assert not SweepDue.objects.filter(resolution=unplanned).exists()
    with caplog.at_level(logging.WARNING, logger="peygir.followup.sweep"):
        summary = sweep_on("1405/03/02")
    assert "triggers were missing" in caplog.text
    assert summary["examined"] == Resolution.objects.count()
    assert missing_marks() == []
    assert _row(unplanned)[0] is not None  # given its row, and planned
    assert sweep_on("1405/03/02")["examined"] == 0
    Resolution.objects.filter(pk=planned.pk).update(progress=50)
    assert sweep_on("1405/03/02")["examined"] == 1  # marked again


def test_the_action_triggers_are_checked_too(db: None) -> None:
    on_table = f' ON "{ACTIONS}"' if connection.vendor == "postgresql" else ""
    _raw(f'DROP TRIGGER "{ACTION_TRIGGERS[2]}"{on_table}', [])
    assert missing_marks() == [ACTION_TRIGGERS[2]]
