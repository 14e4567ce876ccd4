"""Insert and read many rows as plain tuples: the sweep's hot path, where `bulk_create`
cost more than the work (a model instance per row, then Django's compiler preparing every
value), and where reading through a queryset converted every value of a million rows.

Inserts are only for append-only rows with no save() logic: the sweep's steps and events
and the outbox. Values are adapted per column as Django would (dates, times, JSON, UUIDs).
Each database gets its cheapest form: multi-row INSERTs on SQLite; on PostgreSQL, COPY
for plain appends and an INSERT from one array per column for the rest, both sent as text
built here (see `pg_text`). Reads (`driver_rows`, `driver_batches`) take the ORM's
statement and the driver's rows.
"""

import contextlib
import datetime
import decimal
import functools
import itertools
import json
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, models

if TYPE_CHECKING:
    import psycopg
    from psycopg.types.json import Json, Jsonb

# Columns whose Python value the database drivers take as they are.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _adapter(field: "models.Field[Any, Any]") -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, _PLAIN):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def driver_batches(
    rows: "models.QuerySet[Any, tuple[Any, ...]]", size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """A values_list's rows, `size` at a time, as the database driver gives them: without
    Django's conversion of each value through the compiler's iterators (a seventh of the
    sweep's reading of a million resolutions on SQLite).

    The driver gives ids, texts, and dates for the date columns (psycopg's loaders; on
    SQLite, the converters Django registers for declared types) as Django would. A
    timestamp on SQLite differs: naive, in the connection's time zone. On PostgreSQL the
    rows come from a server-side cursor, so a long result is not held whole in memory.
    """
    sql, params = rows.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield batch


def driver_rows(rows: "models.QuerySet[Any, tuple[Any, ...]]") -> list[tuple[Any, ...]]:
    """`driver_batches`' rows, all at once (a short result: a chunk's)."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched: list[tuple[Any, ...]] = cursor.fetchall()
    return fetched


# A prepared insert: run it (in the caller's transaction) to write its rows; it returns
# the `returning` columns of the rows it inserted.
Insert = Callable[[], list[tuple[Any, ...]]]


def insert_prepare(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
    batch_size: int = 500,
    prepared: Collection[str] = (),
    returning: Sequence[str] = (),
) -> Insert:
    """Prepare an INSERT of `rows` (one value per name in `names`) in multi-row statements;
    with `ignore_conflicts`, rows that break a unique constraint are skipped (as
    bulk_create). The columns named in `prepared` already hold what the database takes
    (not adapted).

    The statements are built and the values adapted now, and sent when the returned call
    runs (the sweep prepares outside its transaction, so that SQLite's write lock is held
    for the database's own work only). The call returns the `returning` columns of the rows
    inserted (not of those skipped), as the database gives them: no Django conversion."""
    if not rows:
        return list
    fields: list[models.Field[Any, Any]] = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)  # a column, not a relation's reverse side
        fields.append(field)
    adapters = [
        (i, adapt)
        for i, f in enumerate(fields)
        if names[i] not in prepared and (adapt := _adapter(f)) is not None
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    table = quote(model._meta.db_table)
    # SQLite's and PostgreSQL's own form; both have it (SQLite since 3.24, RETURNING 3.35).
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning:
        tail += " RETURNING " + ", ".join(
            quote(str(model._meta.get_field(name).column))  # type: ignore[union-attr]
            for name in returning
        )
    statements: list[tuple[str, list[Any]]] = []
    if connection.vendor != "postgresql":
        # Adapted column by column, as for PostgreSQL below: row by row, a lookup per cell
        # was a twelfth of a SQLite sweep process's CPU at 1 M.
        adapted_rows = list(zip(*_columns_adapted(rows, adapters), strict=True))
        for values, params in sqlite_values(adapted_rows, at_most=batch_size):
            statements.append((f"INSERT INTO {table} ({columns}) VALUES {values}{tail}", params))
        return functools.partial(run_sqlite, statements)
    if not ignore_conflicts and not returning:
        # COPY: PostgreSQL's client spent three times SQLite's CPU building and binding
        # multi-row INSERTs. COPY has no ON CONFLICT, hence only for plain appends.
        try:
            data: str | list[tuple[Any, ...]] = copy_text(rows, adapters)
        except TypeError:  # a value without a text form here: psycopg formats the rows
            data = list(zip(*_columns_adapted(rows, adapters), strict=True))
        return functools.partial(_copy, table, columns, data)
    # One array per column, unnested by the server: binding eight thousand scalars into a
    # multi-row INSERT was 40 % of a sweep process's CPU, in psycopg's query parser.
    types = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in fields)
    sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({types}){tail}"
    for start in range(0, len(rows), batch_size):
        by_column = _columns_adapted(rows[start : start + batch_size], adapters)
        statements.append((sql, [array_param(column) for column in by_column]))
    return functools.partial(_run_postgresql, statements, bool(returning))


def _columns_adapted(
    rows: Sequence[Sequence[Any]], adapters: Sequence[tuple[int, Callable[[Any], Any]]]
) -> list[Sequence[Any]]:
    """`rows` turned into columns, each adapted by its adapter (column index, adapter) once
    per distinct object (`_adapted`), not once per cell through every row."""
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, adapt in adapters:
        columns[i] = _adapted(columns[i], adapt)
    return columns


# Types whose equal values always have the same text: a column of one of them (and NULLs)
# is adapted once per distinct value (each row's deadline is its own date object, but a
# chunk's thousand rows hold a few hundred deadlines). Not bool (True == 1), datetime
# (equal instants in two time zones), nor UUID (hashed in Python; a chunk's run is one
# object anyway).
_BY_VALUE = frozenset({int, str, datetime.date})


def _adapted(
    values: Sequence[Any], adapt: Callable[[Any], Any], kinds: set[type] | None = None
) -> list[Any]:
    """`adapt` over a column, once per distinct value or object (a chunk shares its day,
    timestamp and run); keyed by id, valid while `values` holds them all. `kinds`: the
    column's types, when the caller has already scanned it for them.

    The loops over the column are C's (`map`, `dict.fromkeys`, `dict(zip(…))`); only the
    distinct values go through Python. A loop in Python with a lookup per cell was a
    seventh of a sweep process's CPU at 1 M."""
    kinds = (kinds if kinds is not None else set(map(type, values))) - {type(None)}
    if len(kinds) <= 1 and kinds <= _BY_VALUE:
        done = {value: adapt(value) for value in dict.fromkeys(values)}
        return list(map(done.__getitem__, values))
    ids = list(map(id, values))
    distinct = dict(zip(ids, values, strict=True))
    if len(distinct) == len(ids):
        return list(map(adapt, values))
    by_id = {key: adapt(value) for key, value in distinct.items()}
    return list(map(by_id.__getitem__, ids))


# PostgreSQL's text input, built here rather than by psycopg: its client-side binding
# dumped and quoted every element of a list parameter in Python (a quarter of a sweep
# process's CPU at 1 M), and its COPY formatted each row in Python (a fifth). A string
# is quoted once, in C; `str.join` and `str.replace` run in C too.
_SIMPLE = (str, int, decimal.Decimal, uuid.UUID, datetime.date)  # datetime is a date


def pg_text(value: Any) -> str | None:
    """`value` as PostgreSQL's text input of its column takes it (None: NULL), or raise
    TypeError for a type this does not know."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, _SIMPLE):
        return str(value)  # a date's ISO form; an aware datetime's with its offset
    if isinstance(value, _json_adapters()):
        encoded = (value.dumps or json.dumps)(value.obj)
        return encoded.decode() if isinstance(encoded, bytes) else encoded
    raise TypeError(f"no text form for {type(value).__name__}")


@functools.cache
def _json_adapters() -> "tuple[type[Json], type[Jsonb]]":
    """psycopg's JSON wrappers, which Django's JSONField gives on PostgreSQL. Imported when
    first needed: psycopg takes ~0.2 s to import, which every command on SQLite paid (a
    sweep with nothing to do: about 1 s from start to end)."""
    from psycopg.types import json as adapters

    return (adapters.Json, adapters.Jsonb)


def array_param(values: Iterable[Any]) -> Any:
    """One column's values as a PostgreSQL array literal, for `%s::type[]`; a column with
    a value of another type stays a list (psycopg adapts it)."""
    values = list(values)
    # Rows share values (a chunk's one run, day and timestamp; a few conditions; a few
    # hundred due days): each is written once (`_adapted`), and plain ints by C's loop.
    kinds = set(map(type, values))
    if kinds == {int}:
        return "{" + ",".join(map(str, values)) + "}"
    try:
        elements = _adapted(values, _array_element, kinds)
    except TypeError:
        return values
    return "{" + ",".join(elements) + "}"


def _array_element(value: Any) -> str:
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return _array_quoted(value)
    text = pg_text(value)
    if text is None:
        return "NULL"
    return text if isinstance(value, int) and not isinstance(value, bool) else _array_quoted(text)


def _array_quoted(text: str) -> str:
    if "\\" in text or '"' in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text + '"'


def copy_text(
    rows: Sequence[Sequence[Any]], adapters: Sequence[tuple[int, Callable[[Any], Any]]] = ()
) -> str:
    """`rows` in COPY's text format, built column by column: each column's values are
    adapted (`adapters`: column index and adapter) and written once per distinct object,
    and the lines are joined in C. Row by row, a function call and a type test per cell
    cost a sweep process more than the server's COPY of the rows."""
    if not rows:
        return ""
    texts = [_copy_column(column) for column in _columns_adapted(rows, adapters)]
    return "\n".join(map("\t".join, zip(*texts, strict=True))) + "\n"


def _copy_column(values: Sequence[Any]) -> Sequence[str]:
    """One column's fields in COPY's text format, each distinct object's written once.
    A column of plain ints, or of plain strings with nothing to escape (the resolutions,
    the occurrences, the events' JSON), is written by C's loops alone."""
    kinds = set(map(type, values))
    if kinds == {int}:
        return list(map(str, values))
    if kinds == {str} and not _needs_escape("".join(values)):
        return values
    return _adapted(values, _copy_field, kinds)


def _copy_field(value: Any) -> str:
    if type(value) is int:
        return str(value)
    text = value if type(value) is str else pg_text(value)
    return "\\N" if text is None else _copy_escaped(text)


def _needs_escape(text: str) -> bool:
    # `in` is a C scan, while `str.translate` with a table looked up every character of
    # non-ASCII text in Python (80 % of a COPY's CPU).
    return "\\" in text or "\n" in text or "\r" in text or "\t" in text


def _copy_escaped(text: str) -> str:
    if _needs_escape(text):  # most texts need nothing
        return (
            text.replace("\\", "\\\\")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
    return text


def sqlite_values(
    rows: Sequence[Sequence[Any]], *, at_most: int | None = None
) -> Iterator[tuple[str, list[Any]]]:
    """`rows` (all of one width) as SQLite VALUES lists, `(?, ?), (?, ?)`, each with its
    parameters: as many rows a statement as the bound-parameter limit allows, and at most
    `at_most`. SQLite's own placeholders, for `run_sqlite`: Django's cursor rewrites every
    %s with a regular expression (2 ms for a thousand rows of eight)."""
    if not rows:
        return
    width = len(rows[0])
    size = (connection.features.max_query_params or 30000) // width
    size = max(1, size if at_most is None else min(at_most, size))
    one = "(" + ", ".join(["?"] * width) + ")"
    for start in range(0, len(rows), size):
        part = rows[start : start + size]
        yield ", ".join([one] * len(part)), list(itertools.chain.from_iterable(part))


def run_sqlite(statements: list[tuple[str, list[Any]]]) -> list[tuple[Any, ...]]:
    """Run statements with SQLite's own placeholders (`?`) on its own cursor, in the
    caller's transaction, and return the rows they give back; query counting does not
    see these statements (as with COPY). Django's error classes, as for its own cursors."""
    inserted: list[tuple[Any, ...]] = []
    connection.ensure_connection()
    with (
        connection.wrap_database_errors,
        contextlib.closing(connection.connection.cursor()) as cursor,
    ):
        for sql, params in statements:
            cursor.execute(sql, params)
            inserted.extend(tuple(row) for row in cursor.fetchall())
    return inserted


def _run_postgresql(
    statements: list[tuple[str, list[Any]]], returning: bool
) -> list[tuple[Any, ...]]:
    inserted: list[tuple[Any, ...]] = []
    with bound_cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params, prepare=False)
            if returning:
                inserted.extend(tuple(row) for row in cursor.fetchall())
    return inserted


@contextlib.contextmanager
def bound_cursor() -> Iterator["psycopg.Cursor[Any]"]:
    """A cursor on Django's PostgreSQL connection (in its transaction) whose parameters the
    server binds. Django's own cursor splices them into the statement's text on the client,
    escaping each: for the sweep's array literals, tens of kilobytes a statement, that was
    8 % of a pass's Python. Django's error classes as usual; query counting does not see
    these statements (as with COPY)."""
    import psycopg  # PostgreSQL only (see `_json_adapters`)

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        yield cursor


def _copy(table: str, columns: str, data: str | list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Append by COPY (`data` in its text format, or rows for psycopg to format); it does
    not pass through Django's execute wrappers (query counting sees no statement)."""
    with (
        connection.wrap_database_errors,  # Django's error classes, as for its own cursors
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        if isinstance(data, str):
            copy.write(data)
        else:
            for row in data:
                copy.write_row(row)
    return []
