"""Marking stored counts dirty: every write that may change the overview's numbers calls
these in its own transaction (explicitly, from the services; no signals)."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Max

from peygir.places.models import Place, PlaceKind
from peygir.resolutions.models import Resolution
from peygir.tallies.models import Tally, TallyKind

# Resolutions per block row: a dirty block is recounted alone (a range of ids: tens of
# milliseconds), and the overview folds ~500 block rows at 1 M resolutions.
BLOCK_SIZE = 2_000
# The kinds of rows that count a block of ids: a write marks its block in each.
BLOCK_KINDS = (TallyKind.BLOCK.value, TallyKind.DASH.value)


def _bump(keys: Iterable[tuple[str, int]]) -> None:
    """Bump `seq` of these rows, creating the missing ones (already dirty), in one statement.

    Sorted, so that two transactions lock shared rows in the same order (no deadlock).
    """
    rows = sorted(set(keys))
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(Tally._meta.db_table)
    kind, key, seq, counts = (quote(name) for name in ("kind", "key", "seq", "counts"))
    values = ", ".join(["(%s, %s, 1, '{}')"] * len(rows))
    params = [part for row in rows for part in row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({kind}, {key}, {seq}, {counts}) VALUES {values} "
            f"ON CONFLICT ({kind}, {key}) DO UPDATE SET {seq} = {table}.{seq} + 1",
            params,
        )


def counties_of(resolution_ids: Iterable[int]) -> set[int]:
    """Return the ids of the counties the resolutions are linked to (at or below them)."""
    paths = Resolution.places.through.objects.filter(
        resolution_id__in=list(resolution_ids)
    ).values_list("place__path", flat=True)
    ancestors = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    if not ancestors:
        return set()
    return set(
        Place.objects.filter(kind=PlaceKind.COUNTY, pk__in=ancestors).values_list("pk", flat=True)
    )


@transaction.atomic(savepoint=False)  # a plain helper inside the caller's transaction
def tally_mark_dirty(*, resolution_ids: Iterable[int]) -> None:
    """Mark dirty the rows that count these resolutions: their blocks (the overview's and the
    dashboards') and their counties.

    Call it after the write (and, when the places change, after the new places are set:
    the old counties are marked by the write of the fields, or by an earlier call).
    """
    ids = {int(pk) for pk in resolution_ids}
    if not ids:
        return
    keys = [(kind, pk // BLOCK_SIZE) for pk in ids for kind in BLOCK_KINDS]
    keys += [(TallyKind.COUNTY.value, pk) for pk in counties_of(ids)]
    _bump(keys)


@transaction.atomic(savepoint=False)  # a plain helper inside the caller's transaction
def tally_mark_all_dirty() -> None:
    """After writes that bypass the services (bulk inserts): every row is counted again."""
    Tally.objects.update(seq=F("seq") + 1)
    top = Resolution.objects.aggregate(top=Max("pk"))["top"] or 0
    keys = [(kind, block) for block in range(top // BLOCK_SIZE + 1) for kind in BLOCK_KINDS]
    counties = Place.objects.filter(kind=PlaceKind.COUNTY).values_list("pk", flat=True)
    keys += [(TallyKind.COUNTY.value, pk) for pk in counties]
    _bump(keys)
