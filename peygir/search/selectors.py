"""Every read of the search index: ranked hits with snippets, and matching ids for filters.

Queries are folded with search_terms() exactly as the index was, and every term is quoted
for the engine (FTS5 string, tsquery literal) and matched as a word prefix, so no operator,
column filter or parenthesis a user types can reach the query language.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from peygir.accounts.models import User
from peygir.persian import search_terms
from peygir.search.models import SearchEntry, SearchKind
from peygir.search.snippets import highlight

MAX_LIMIT = 200
# With this many index entries matching a query or more, a list ordered by an index walks
# its order and tests each row against the matches (see `search_condition`); with fewer,
# the matches are read and sorted. Measured at 1 000 000 resolutions on SQLite, reading a
# list's first 1 001 rows: 16 000 matches, walking 310 ms against sorting 150 ms; 27 000
# matches, walking 135 ms against sorting 200 ms; 62 000, walking 60 ms against 540 ms.
WALK_FROM = 20_000


@dataclass(frozen=True)
class Hit:
    """One result: what it is, how well it matched (higher is better), and a safe snippet."""

    kind: str
    object_id: int
    score: float
    snippet_html: SafeString


def fts5_query(terms: Sequence[str]) -> str:
    """Return an FTS5 query matching every term as a quoted word prefix."""
    return " ".join('"{}"*'.format(term.replace('"', '""')) for term in terms)


def tsquery_text(terms: Sequence[str]) -> str:
    """Return to_tsquery() input matching every term as a quoted word prefix."""
    quoted = ("'{}':*".format(term.replace("\\", "\\\\").replace("'", "''")) for term in terms)
    return " & ".join(quoted)


def _match_sql(terms: Sequence[str], kind: str) -> tuple[str, list[str]]:
    """Return SQL selecting the ids of the `kind` entries matching all `terms`."""
    if connection.vendor == "postgresql":
        return (
            "SELECT id FROM search_searchentry WHERE tsv @@ to_tsquery('simple', %s) AND kind = %s",
            [tsquery_text(terms), kind],
        )
    # CROSS JOIN pins SQLite's join order: from the few FTS matches to their rows, never from
    # every row of the kind to an FTS probe each (120 ms against 1 ms at 100 000 rows).
    return (
        "SELECT e.id FROM search_fts CROSS JOIN search_searchentry e ON e.id = search_fts.rowid "
        "WHERE search_fts MATCH %s AND e.kind = %s",
        [fts5_query(terms), kind],
    )


def search_ids(query: str, *, kind: str) -> QuerySet[SearchEntry, int]:
    """Return the ids of the objects of `kind` matching `query`, unranked, as a subquery."""
    terms = search_terms(query)
    if not terms:
        return SearchEntry.objects.none().values_list("object_id", flat=True)
    sql, params = _match_sql(terms, SearchKind(kind))
    return SearchEntry.objects.filter(id__in=RawSQL(sql, params)).values_list(
        "object_id", flat=True
    )


def _many_matches(terms: Sequence[str]) -> bool:
    """Whether at least WALK_FROM index entries match `terms` (counting stops there)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
            [fts5_query(terms), WALK_FROM],
        )
        (found,) = cursor.fetchone()
    return int(found) >= WALK_FROM


def search_condition(
    query: str,
    *,
    kind: str,
    also: QuerySet[Any, int] | None = None,
) -> Q:
    """Return a filter keeping the objects of `kind` matching `query`, or whose pk is in `also`.

    Shaped for a list cut at a page (or a capped count), never for ranking. A query matching
    few entries selects their ids (`search_ids`), and the list sorts those few. On SQLite a
    query matching many (a common word matches tens of thousands of resolutions among a
    million) reads the matching entry ids once into a temporary index and tests each row as
    the list walks its ordering index, so the list stops after the rows it shows: sorting
    every match first took 1.5 s at a million resolutions. PostgreSQL's planner makes that
    choice itself from its statistics.
    """
    terms = search_terms(query)
    if terms and connection.vendor == "sqlite" and _many_matches(terms):
        matching = RawSQL(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts5_query(terms)]
        )
        entries = SearchEntry.objects.filter(
            kind=SearchKind(kind), object_id=OuterRef("pk"), id__in=matching
        )
        condition = Q(Exists(entries))
        return condition | Q(pk__in=also) if also is not None else condition
    ids = search_ids(query, kind=kind)
    if also is None:
        return Q(pk__in=ids)
    if connection.vendor == "sqlite":
        # One list of ids: an OR of two `IN (…)` tests makes SQLite read every row.
        return Q(pk__in=ids.order_by().union(also.order_by()))
    return Q(pk__in=ids) | Q(pk__in=also)


def search_count_capped(query: str, *, kind: str, among: QuerySet[Any], cap: int) -> int | None:
    """Count the objects of `among` whose `kind` entry matches `query`, stopping past `cap`.

    Counted from the index side on SQLite: the matches stream from FTS5 and each is looked
    up in `among` by primary key until `cap` + 1 are found, so a query matching many entries
    answers «more than `cap`» after about `cap` lookups, where a list walking its order
    would test every row it passes (about 16 000 rows for 1 001 among a million, 60 ms).
    `among` is the list without the search, so this is a lower bound of the searched
    list's length (which may also hold a typed tracking code): above `cap` it is exact
    enough for a capped list. None on PostgreSQL, whose planner chooses its own way.
    """
    terms = search_terms(query)
    if not terms or connection.vendor != "sqlite":
        return None
    among_sql, among_params = among.order_by().values("pk").query.sql_with_params()
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM search_fts "
        "CROSS JOIN search_searchentry e ON e.id = search_fts.rowid "
        "WHERE search_fts MATCH %s AND e.kind = %s "
        f"AND EXISTS (SELECT 1 FROM ({among_sql}) AS among WHERE among.pk = e.object_id) "
        "LIMIT %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_query(terms), SearchKind(kind), *among_params, cap + 1])
        (found,) = cursor.fetchone()
    return int(found)


def resolution_search_ids(user: User | AnonymousUser, query: str) -> QuerySet[SearchEntry, int]:
    """Return the ids of the resolutions matching `query` that `user` may see."""
    from peygir.resolutions.selectors import resolutions_visible_to

    return search_ids(query, kind=SearchKind.RESOLUTION).filter(
        object_id__in=resolutions_visible_to(user).values("pk")
    )


def _restriction_sql(restrict_to_ids: QuerySet | Iterable[int]) -> tuple[str, list[Any]]:  # type: ignore[type-arg]
    if isinstance(restrict_to_ids, QuerySet):
        ids = restrict_to_ids
        if ids.query.values_select == () and not ids.query.annotation_select:
            ids = ids.values("pk")
        sql, params = ids.query.sql_with_params()
        return f" AND e.object_id IN ({sql})", list(params)
    id_list = [int(pk) for pk in restrict_to_ids]
    if not id_list:
        return " AND 1 = 0", []
    return f" AND e.object_id IN ({', '.join(['%s'] * len(id_list))})", list(id_list)


def search(
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    restrict_to_ids: QuerySet | Iterable[int] | None = None,  # type: ignore[type-arg]
    limit: int = 20,
    offset: int = 0,
) -> list[Hit]:
    """Return the best hits for `query`, best first, with highlighted snippets.

    `kinds` limits the kinds searched (all by default). `restrict_to_ids` (a queryset of
    objects or of their ids, or ids) keeps only those object ids: pass what the user may
    see, e.g. resolutions_visible_to(user). It applies to every kind searched, so use it
    with one kind at a time.
    """
    terms = search_terms(query)
    if not terms:
        return []
    chosen = [SearchKind(kind) for kind in kinds] if kinds is not None else list(SearchKind)
    if not chosen:
        return []
    match_param: str
    if connection.vendor == "postgresql":
        select = (
            "SELECT e.kind, e.object_id, ts_rank(e.tsv, q.q, 1) AS score, e.display "
            "FROM search_searchentry e, to_tsquery('simple', %s) AS q(q) "
            "WHERE e.tsv @@ q.q"
        )
        order = " ORDER BY score DESC, e.id"
        match_param = tsquery_text(terms)
    else:
        # bm25() is lower for better matches; negate it so that every score grows with quality.
        select = (
            "SELECT e.kind, e.object_id, -bm25(search_fts) AS score, e.display "
            "FROM search_fts CROSS JOIN search_searchentry e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH %s"
        )
        order = " ORDER BY bm25(search_fts), e.id"
        match_param = fts5_query(terms)
    params: list[Any] = [match_param, *chosen]
    sql = select + f" AND e.kind IN ({', '.join(['%s'] * len(chosen))})"
    if restrict_to_ids is not None:
        restriction, restriction_params = _restriction_sql(restrict_to_ids)
        sql += restriction
        params += restriction_params
    sql += order + " LIMIT %s OFFSET %s"
    params += [max(0, min(limit, MAX_LIMIT)), max(0, offset)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Hit(kind=kind, object_id=object_id, score=float(score), snippet_html=highlight(text, terms))
        for kind, object_id, score, text in rows
    ]
