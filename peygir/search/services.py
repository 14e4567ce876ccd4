"""Every write to the search index. Owners of searchable objects call these from their services.

The index is written inside the caller's transaction, not on commit: a rolled-back write then
leaves no trace in the index, a committed one is findable at once (also in tests, which run
inside a transaction), and there is no window where a resolution exists but cannot be found.
Folding costs well under a millisecond for a resolution, so the write transaction barely grows.
"""

import datetime
import multiprocessing
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from peygir.persian import search_key
from peygir.search.folding import Folded, Unfolded, fold_batch
from peygir.search.models import SearchEntry, SearchKind
from peygir.search.scope import resolution_scope

if TYPE_CHECKING:
    from peygir.resolutions.models import Resolution

BATCH = 2000


@dataclass(frozen=True)
class Document:
    """One object as the index sees it, for bulk rebuilds."""

    object_id: int
    parts: list[str]
    display: str
    scope: str = ""  # the visibility rule's keys that hold the object (`search.scope`)

    def unfolded(self) -> Unfolded:
        """What `fold_batch` takes of it."""
        return (self.object_id, self.parts, self.display, self.scope)


# kind → a function yielding every Document of that kind; see search_register().
_REBUILDERS: dict[str, Callable[[], Iterable[Document]]] = {}


def _entry(
    kind: str, object_id: int, parts: Iterable[str], display: str, scope: str
) -> SearchEntry:
    texts = [part for part in parts if part and part.strip()]
    return SearchEntry(
        kind=SearchKind(kind),
        object_id=object_id,
        folded=" ".join(search_key(part) for part in texts),
        # Shown as stored: the owning service already normalized it on input.
        display=display,
        scope=scope,
        updated_at=timezone.now(),
    )


@transaction.atomic
def search_index(
    kind: str, object_id: int, *, parts: Iterable[str], display: str, scope: str = ""
) -> None:
    """Index (or re-index) one object: `parts` are matched, `display` is what snippets show,
    `scope` the keys of the visibility rule that hold it (`search.scope`), if any."""
    entry = _entry(kind, object_id, parts, display, scope)
    SearchEntry.objects.update_or_create(
        kind=entry.kind,
        object_id=object_id,
        defaults={
            "folded": entry.folded,
            "display": entry.display,
            "scope": entry.scope,
            "updated_at": entry.updated_at,
        },
    )


@transaction.atomic
def search_remove(kind: str, object_id: int) -> None:
    """Take one object out of the index (deleted, or no longer searchable)."""
    SearchEntry.objects.filter(kind=SearchKind(kind), object_id=object_id).delete()


def resolution_document(resolution: "Resolution") -> Document:
    """Return what is searchable in a resolution: code, title, text, body and place names."""
    body = resolution.responsible_body
    linked = list(resolution.places.all())
    parts = [resolution.tracking_code, resolution.title, resolution.text]
    parts += [place.name for place in linked]
    paths = [place.path for place in linked]
    if body is not None:
        parts.append(body.name)
        if body.place_id is not None:
            paths.append(body.place.path)  # type: ignore[union-attr]
    supporting = [body.pk for body in resolution.supporting_bodies.all()]
    return Document(
        object_id=resolution.pk,
        parts=parts,
        display="\n".join(part for part in [resolution.title, resolution.text] if part),
        scope=resolution_scope(
            resolution.followup_owner_id, resolution.responsible_body_id, supporting, paths
        ),
    )


def search_index_resolution(resolution: "Resolution") -> None:
    """Index one resolution; the resolution services call this after every descriptive write
    and every change of its owner or bodies (its scope keys)."""
    document = resolution_document(resolution)
    search_index(
        SearchKind.RESOLUTION,
        document.object_id,
        parts=document.parts,
        display=document.display,
        scope=document.scope,
    )


def _all_resolutions(ids: Iterable[int] | None = None) -> Iterator[Document]:
    """Every resolution as `resolution_document` sees it (those of `ids` if given), read
    as plain rows.

    A national reindex reads a million resolutions: model instances and a prefetch per chunk
    cost more than folding the text, so rows and one query for their place names are read
    instead, keyset-paged by id. Places come in `Place`'s own order, as `places.all()` gives.
    """
    from peygir.places.models import Place
    from peygir.resolutions.models import Resolution

    links = Resolution.places.through.objects
    supports = Resolution.supporting_bodies.through.objects
    place_order = [f"place__{field}" for field in Place._meta.ordering]  # type: ignore[union-attr]
    chosen = Resolution.objects.all() if ids is None else Resolution.objects.filter(pk__in=ids)
    last = 0
    while True:
        rows = list(
            chosen.filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk",
                "tracking_code",
                "title",
                "text",
                "responsible_body__name",
                "followup_owner_id",
                "responsible_body_id",
                "responsible_body__place__path",
            )[:BATCH]
        )
        if not rows:
            return
        chunk = [row[0] for row in rows]
        places: dict[int, list[str]] = defaultdict(list)
        paths: dict[int, list[str]] = defaultdict(list)
        for resolution_id, name, path in (
            links.filter(resolution_id__in=chunk)
            .order_by("resolution_id", *place_order)
            .values_list("resolution_id", "place__name", "place__path")
        ):
            places[resolution_id].append(name)
            paths[resolution_id].append(path)
        supporting: dict[int, list[int]] = defaultdict(list)
        for resolution_id, organization_id in supports.filter(resolution_id__in=chunk).values_list(
            "resolution_id", "organization_id"
        ):
            supporting[resolution_id].append(organization_id)
        for pk, code, title, text, body, owner_id, body_id, body_path in rows:
            parts = [code, title, text, *places[pk]]
            if body is not None:
                parts.append(body)
            display = "\n".join(part for part in [title, text] if part)
            place_paths = [*paths[pk], *([body_path] if body_path else [])]
            scope = resolution_scope(owner_id, body_id, supporting[pk], place_paths)
            yield Document(object_id=pk, parts=parts, display=display, scope=scope)
        last = rows[-1][0]


@transaction.atomic
def search_reindex_resolutions(ids: Iterable[int]) -> int:
    """Index these resolutions again (their entries replaced); return how many.

    For writes that change what many resolutions' documents hold without touching the
    resolutions: a responsible body or a place renamed. Folded in this process (about 1 ms
    a resolution), inside the caller's transaction, as every write to the index is.
    """
    chosen = sorted({int(pk) for pk in ids})
    done = 0
    for start in range(0, len(chosen), BATCH):
        batch = chosen[start : start + BATCH]
        folded = fold_batch([document.unfolded() for document in _all_resolutions(batch)])
        SearchEntry.objects.filter(kind=SearchKind.RESOLUTION, object_id__in=batch).delete()
        _entries_create(SearchKind.RESOLUTION, folded, timezone.now())
        done += len(folded)
    return done


def _entries_create(kind: str, folded: list[Folded], now: datetime.datetime) -> None:
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind=kind, object_id=pk, folded=key, display=display, scope=scope, updated_at=now
        )
        for pk, key, display, scope in folded
    )


def search_reindex_body(organization_id: int) -> int:
    """Index again the resolutions this organization is responsible for (its name is in
    their documents, its place in their scope keys): call after renaming or moving it."""
    from peygir.resolutions.models import Resolution

    bodies = Resolution.objects.filter(responsible_body_id=organization_id)
    return search_reindex_resolutions(bodies.values_list("pk", flat=True))


def search_reindex_place(place_id: int) -> int:
    """Index again the resolutions linked to this place (its name is in their documents):
    call after renaming it."""
    from peygir.resolutions.models import Resolution

    links = Resolution.places.through.objects.filter(place_id=place_id)
    return search_reindex_resolutions(links.values_list("resolution_id", flat=True))


def search_register(kind: str, documents: Callable[[], Iterable[Document]]) -> None:
    """Let `peygir search_reindex` rebuild `kind`: call from your AppConfig.ready()."""
    _REBUILDERS[SearchKind(kind)] = documents


_REBUILDERS[SearchKind.RESOLUTION] = _all_resolutions


def _batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# Below this many documents a rebuild folds in-process: starting workers costs more.
PARALLEL_FROM = 20_000


def _folded(documents: Iterable[Document], workers: int) -> Iterator[list[Folded]]:
    """Fold the documents batch by batch, across `workers` processes when more than one.

    Folding is pure Python and CPU-bound (about 1 ms a resolution), so a national rebuild
    uses every core. Workers are spawned, not forked (see `folding`), and only fold.
    """
    batches = ([document.unfolded() for document in batch] for batch in _batches(documents))
    if workers <= 1:
        for batch in batches:
            yield fold_batch(batch)
        return
    # Batches are read here, in this thread: the database connection (and the rebuild's
    # transaction) belongs to it. Pool.imap would read them in a helper thread instead.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pending: deque[AsyncResult[list[Folded]]] = deque()
        for batch in batches:
            pending.append(pool.apply_async(fold_batch, (batch,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _default_workers(kind: str) -> int:
    if kind != SearchKind.RESOLUTION:
        return 1
    from peygir.resolutions.models import Resolution

    large = Resolution.objects.count() >= PARALLEL_FROM
    return max(1, os.cpu_count() or 1) if large else 1


@transaction.atomic
def search_reindex(
    *, kinds: Iterable[str] | None = None, workers: int | None = None
) -> dict[str, int]:
    """Rebuild the index of `kinds` (every registered kind by default); return the counts.

    `workers` folds in that many processes (default: every core for a large rebuild).
    """
    chosen = [SearchKind(kind) for kind in kinds] if kinds is not None else list(_REBUILDERS)
    counts: dict[str, int] = {}
    now = timezone.now()
    for kind in chosen:
        rebuild = _REBUILDERS.get(kind)
        if rebuild is None:
            continue
        SearchEntry.objects.filter(kind=kind).delete()
        counts[kind] = 0
        processes = workers if workers is not None else _default_workers(kind)
        for folded in _folded(rebuild(), processes):
            _entries_create(kind, folded, now)
            counts[kind] += len(folded)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Triggers kept it in step; 'optimize' merges the many segments a bulk load makes.
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        # Fresh statistics, or the planner may walk every row of a kind instead of the matches.
        cursor.execute("ANALYZE search_searchentry")
    return counts
