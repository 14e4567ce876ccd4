"""Every write to the search index. Owners of searchable objects call these from their services.

The index is written inside the caller's transaction, not on commit: a rolled-back write then
leaves no trace in the index, a committed one is findable at once (also in tests, which run
inside a transaction), and there is no window where a resolution exists but cannot be found.
Folding costs well under a millisecond for a resolution, so the write transaction barely grows.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from peygir.persian import search_key
from peygir.search.models import SearchEntry, SearchKind

if TYPE_CHECKING:
    from peygir.resolutions.models import Resolution

BATCH = 2000


@dataclass(frozen=True)
class Document:
    """One object as the index sees it, for bulk rebuilds."""

    object_id: int
    parts: list[str]
    display: str


# kind → a function yielding every Document of that kind; see search_register().
_REBUILDERS: dict[str, Callable[[], Iterable[Document]]] = {}


def _entry(kind: str, object_id: int, parts: Iterable[str], display: str) -> SearchEntry:
    texts = [part for part in parts if part and part.strip()]
    return SearchEntry(
        kind=SearchKind(kind),
        object_id=object_id,
        folded=" ".join(search_key(part) for part in texts),
        # Shown as stored: the owning service already normalized it on input.
        display=display,
        updated_at=timezone.now(),
    )


@transaction.atomic
def search_index(kind: str, object_id: int, *, parts: Iterable[str], display: str) -> None:
    """Index (or re-index) one object: `parts` are matched, `display` is what snippets show."""
    entry = _entry(kind, object_id, parts, display)
    SearchEntry.objects.update_or_create(
        kind=entry.kind,
        object_id=object_id,
        defaults={"folded": entry.folded, "display": entry.display, "updated_at": entry.updated_at},
    )


@transaction.atomic
def search_remove(kind: str, object_id: int) -> None:
    """Take one object out of the index (deleted, or no longer searchable)."""
    SearchEntry.objects.filter(kind=SearchKind(kind), object_id=object_id).delete()


def resolution_document(resolution: "Resolution") -> Document:
    """Return what is searchable in a resolution: code, title, text, body and place names."""
    body = resolution.responsible_body
    places = [place.name for place in resolution.places.all()]
    parts = [resolution.tracking_code, resolution.title, resolution.text, *places]
    if body is not None:
        parts.append(body.name)
    return Document(
        object_id=resolution.pk,
        parts=parts,
        display="\n".join(part for part in [resolution.title, resolution.text] if part),
    )


def search_index_resolution(resolution: "Resolution") -> None:
    """Index one resolution; the resolution services call this after every descriptive write."""
    document = resolution_document(resolution)
    search_index(
        SearchKind.RESOLUTION, document.object_id, parts=document.parts, display=document.display
    )


def _all_resolutions() -> Iterator[Document]:
    from peygir.resolutions.models import Resolution

    rows = Resolution.objects.select_related("responsible_body").prefetch_related("places")
    for resolution in rows.order_by("pk").iterator(chunk_size=BATCH):
        yield resolution_document(resolution)


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


@transaction.atomic
def search_reindex(*, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index of `kinds` (every registered kind by default); return the counts."""
    chosen = [SearchKind(kind) for kind in kinds] if kinds is not None else list(_REBUILDERS)
    counts: dict[str, int] = {}
    for kind in chosen:
        rebuild = _REBUILDERS.get(kind)
        if rebuild is None:
            continue
        SearchEntry.objects.filter(kind=kind).delete()
        counts[kind] = 0
        for batch in _batches(rebuild()):
            SearchEntry.objects.bulk_create(
                [_entry(kind, doc.object_id, doc.parts, doc.display) for doc in batch]
            )
            counts[kind] += len(batch)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Triggers kept it in step; 'optimize' merges the many segments a bulk load makes.
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        # Fresh statistics, or the planner may walk every row of a kind instead of the matches.
        cursor.execute("ANALYZE search_searchentry")
    return counts
