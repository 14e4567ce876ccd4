"""The sweep's plain inserts write exactly the values given, whatever characters they hold:
on PostgreSQL they travel as text built by `rows` (COPY lines and array literals), so
quotes, backslashes, tabs, newlines, NULLs and Persian text must come back unchanged."""

import datetime
import gc
import json
import uuid

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from peygir.conftest import World
from peygir.followup import rows as rows_module
from peygir.followup.choices import Condition
from peygir.followup.events import swept_data
from peygir.followup.models import SweepStep
from peygir.followup.rows import array_param, copy_text, insert_prepare, pg_text
from peygir.followup.sweep import YOUNG_COLLECTED_AFTER, _fewer_collections
from peygir.resolutions.models import ResolutionEvent

AWKWARD = [
    'نقل "قول" و \\ بک‌اسلش',
    "سطر\nدوم\tو\r",
    "NULL",
    "",
    "{,}",
    "\\N",
]


def _no_text_form(value: object) -> str:
    raise TypeError(f"no text form for {type(value).__name__}")


@pytest.mark.parametrize("text_form", [True, False], ids=["copy text", "rows for psycopg"])
def test_events_written_by_copy_come_back_unchanged(
    world: World, monkeypatch: pytest.MonkeyPatch, text_form: bool
) -> None:
    if not text_form:  # as for a value `pg_text` has no form for: psycopg formats the rows
        monkeypatch.setattr(rows_module, "pg_text", _no_text_form)
    resolution = world.resolution()
    now = timezone.now()
    rows = [
        (resolution.pk, "reminded", None, now, False, text, {"text": text, "n": i})
        for i, text in enumerate(AWKWARD)
    ]
    insert_prepare(ResolutionEvent, ("resolution", "kind", "actor", "created_at",
                                     "is_public", "message", "data"), rows)()  # fmt: skip
    written = ResolutionEvent.objects.filter(kind="reminded").order_by("pk")
    assert [(e.message, e.data, e.actor_id, e.created_at) for e in written] == [
        (text, {"text": text, "n": i}, None, now) for i, text in enumerate(AWKWARD)
    ]


def test_steps_written_from_arrays_come_back_unchanged(world: World) -> None:
    resolution = world.resolution()
    now, run = timezone.now(), uuid.uuid4()
    day = datetime.date(2026, 6, 10)
    rows = [
        (resolution.pk, "overdue", 0, period, day, now, run, None if i % 2 else day)
        for i, period in enumerate(AWKWARD)
    ]
    columns = ("resolution", "condition", "level", "period", "taken_on", "taken_at", "run",
               "deadline")  # fmt: skip
    won = insert_prepare(SweepStep, columns, rows, ignore_conflicts=True, returning=("period",))()
    assert sorted(p for (p,) in won) == sorted(AWKWARD)
    again = insert_prepare(SweepStep, columns, rows, ignore_conflicts=True, returning=("period",))
    assert again() == []  # each conflicts now: skipped, nothing returned
    stored = SweepStep.objects.order_by("pk").values_list("period", "deadline", "run", "taken_at")
    assert list(stored) == [(r[3], r[7], run, now) for r in rows]


def test_a_plain_insert_that_breaks_a_constraint_raises_djangos_error(world: World) -> None:
    """Without `ignore_conflicts`, a step taken twice fails as Django's IntegrityError on
    either database (COPY on PostgreSQL, SQLite's own cursor), so `_take`'s savepoint and
    the callers' `except IntegrityError` see it."""
    resolution = world.resolution()
    now, day = timezone.now(), datetime.date(2026, 6, 10)
    columns = ("resolution", "condition", "level", "period", "taken_on", "taken_at")
    row = (resolution.pk, "overdue", 0, "2026-06-01", day, now)
    insert_prepare(SweepStep, columns, [row])()
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_prepare(SweepStep, columns, [row])()
    assert SweepStep.objects.count() == 1


def test_the_text_forms() -> None:
    assert pg_text(None) is None and pg_text(True) == "t" and pg_text(7) == "7"
    assert array_param([1, None, 3]) == "{1,NULL,3}"
    assert array_param(['a"b', "c\\d", None]) == '{"a\\"b","c\\\\d",NULL}'
    day, run = datetime.date(2026, 6, 10), uuid.UUID(int=5)
    shared = [day, run, day, 300, 300, True, False, True]  # each object written once
    assert array_param(shared) == (f'{{"2026-06-10","{run}","2026-06-10",300,300,"t","f","t"}}')
    assert array_param([Condition.OVERDUE, Condition.OVERDUE]) == '{"overdue","overdue"}'
    marker = object()
    assert array_param([marker]) == [marker]  # a type without a text form stays a list
    assert copy_text([[1, None, "a\tb\\"]]) == "1\t\\N\ta\\tb\\\\\n"
    rows = [[7, Condition.OVERDUE, True, day], [8, Condition.OVERDUE, False, None]]
    assert copy_text(rows) == "7\toverdue\tt\t2026-06-10\n8\toverdue\tf\t\\N\n"
    later = copy_text(rows, [(3, lambda value: value and value + datetime.timedelta(days=1))])
    assert later == "7\toverdue\tt\t2026-06-11\n8\toverdue\tf\t\\N\n"
    assert copy_text([]) == ""


def test_copy_columns_written_by_value_and_by_object() -> None:
    """Each column takes its own way (plain ints, plain strings, one type by value, the
    rest by object): the text is the same as written cell by cell."""
    run = uuid.UUID(int=5)
    rows = [
        (
            pk,  # plain ints
            f"letter-{pk}",  # plain strings, nothing to escape
            "tab\there" if pk == 2 else "plain",  # plain strings, one to escape
            datetime.date(2026, 6, 1 + pk % 2),  # equal dates, each its own object
            None if pk == 3 else datetime.date(2026, 7, 1),  # dates and NULLs
            pk == 2,  # bools
            1 if pk == 1 else True,  # True and 1 are equal, but not the same text
            Condition.OVERDUE,  # a str subclass
            run,  # one object
        )
        for pk in (1, 2, 3)
    ]
    expected = "".join(
        "\t".join(
            "\\N" if value is None else value if isinstance(value, str) else pg_text(value) or ""
            for value in row
        ).replace("tab\there", "tab\\there")
        + "\n"
        for row in rows
    )
    assert copy_text(rows) == expected
    assert "\t1\toverdue\t" in expected and "\tt\toverdue\t" in expected
    shifted = copy_text(rows, [(3, lambda day: day + datetime.timedelta(days=30))])
    assert shifted.count("2026-07-01") == 2 + 1 and shifted.count("2026-07-02") == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("condition", "period", "level"),
    [
        (Condition.OVERDUE, "2026-06-10", 0),
        (Condition.LETTER_UNANSWERED, "letter-123456", 4),
        (Condition.NO_OWNER, "", 2),
        (Condition.STALE, 'a "quoted" \\ period\n', 5),  # escaping, never produced today
    ],
)
def test_a_swept_events_data_is_what_the_field_would_write(
    condition: Condition, period: str, level: int
) -> None:
    data = {"condition": condition, "period": period, "level": level}
    field = ResolutionEvent._meta.get_field("data")
    assert isinstance(field, models.JSONField)
    prepared = field.get_db_prep_save(data, connection)
    expected = pg_text(prepared) if connection.vendor == "postgresql" else prepared
    assert swept_data(condition, period, level) == expected
    assert json.loads(swept_data(condition, period, level)) == data


def test_a_pass_collects_less_often_and_puts_the_collector_back() -> None:
    thresholds = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with _fewer_collections():
        assert gc.get_threshold()[0] == YOUNG_COLLECTED_AFTER
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == thresholds and gc.get_freeze_count() == 0
    gc.freeze()  # a server that froze its own objects at start keeps them frozen
    try:
        frozen = gc.get_freeze_count()
        with _fewer_collections():
            assert gc.get_threshold()[0] == YOUNG_COLLECTED_AFTER
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
