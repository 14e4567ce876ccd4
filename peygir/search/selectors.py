"""Every read of the search index: ranked hits with snippets, and matching ids for filters.

Queries are folded with search_terms() exactly as the index was, and every term is quoted
for the engine (FTS5 string, tsquery literal) and matched as a word prefix, so no operator,
column filter or parenthesis a user types can reach the query language.
"""

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
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
# PostgreSQL: the prefixes of 2 to PREFIX_MAX characters of every word are lexemes of the
# index `search_entry_vector` (search migrations 0004 and 0005), beside the scope keys.
PREFIX_MAX = 6
# PostgreSQL walks a list's order when the caller counted more than this many matches in it
# (`search_condition`): the capped lists count to 1 001, and a page walked at that density
# among a million rows reads about 25 000 of them.
PG_WALK_FROM = 1_000
# A reader with scope keys (`search.scope`) who sees few rows (an executive body's officer,
# `sees_few_rows`) has their matches read off the index first when they number at most
# this many (`scoped_match_ids`): the list then counts and sorts those few instead of
# walking its order. At 1 M on PostgreSQL, walking a page cost about 3 µs a row walked,
# and a page at M matches walks about 25 × 1 000 000 / M rows; reading M matches and their
# rows, about 5 µs each: even near 3 000. The officer of QM-ROADS's «آسفالت راه», 1 404
# matches: walking 54-63 ms, sorting 12.6-14.8 ms.
SCOPED_SORT_UP_TO = 3_000


@dataclass(frozen=True)
class Hit:
    """One result: what it is, how well it matched (higher is better), and a safe snippet."""

    kind: str
    object_id: int
    score: float
    snippet_html: SafeString


def _fts5_string(text: str) -> str:
    return '"{}"'.format(text.replace('"', '""'))


def fts5_query(terms: Sequence[str], scope: Sequence[str] | None = None) -> str:
    """Return an FTS5 query matching every term as a quoted word prefix of the folded text
    (never of the scope keys), and with `scope` one of those keys (`search.scope`)."""
    words = " ".join(_fts5_string(term) + "*" for term in terms)
    query = f"{{folded}} : ({words})"
    if scope:
        query += " AND {scope} : (" + " OR ".join(_fts5_string(key) for key in scope) + ")"
    return query


def tsquery_text(terms: Sequence[str]) -> str:
    """Return to_tsquery() input matching every term as a quoted word prefix."""
    quoted = ("'{}':*".format(term.replace("\\", "\\\\").replace("'", "''")) for term in terms)
    return " & ".join(quoted)


def _prefix_lexemes(terms: Sequence[str]) -> tuple[list[str], bool]:
    """The lexemes of PostgreSQL's prefix index that every entry matching `terms` holds, and
    whether holding them is the whole match.

    A term of letters and digits is one lexeme of the parser, so a match is a lexeme that
    starts with it, and every lexeme's prefixes of 2 to PREFIX_MAX characters are indexed:
    such a term is exactly one lexeme of the index, a longer one holds its first PREFIX_MAX
    characters (and is checked against `tsv`). A term of one character, or of other
    characters (a decimal number), gives none and is checked against `tsv` alone.
    """
    lexemes: list[str] = []
    whole = True
    for term in terms:
        plain = all(
            ("0" <= char <= "9") or unicodedata.category(char).startswith("L") for char in term
        )
        if not plain or len(term) < 2 or term != term.lower():
            whole = False
            continue
        if len(term) > PREFIX_MAX:
            whole = False
        lexemes.append(term[:PREFIX_MAX])
    return list(dict.fromkeys(lexemes)), whole


def tsquery_lexemes(lexemes: Sequence[str]) -> str:
    """Return tsquery input (cast, not parsed) matching every one of `lexemes` exactly."""
    quoted = ("'{}'".format(lexeme.replace("\\", "\\\\").replace("'", "''")) for lexeme in lexemes)
    return " & ".join(quoted)


def tsquery_scope(scope: Sequence[str]) -> str:
    """Return tsquery input (cast) matching an entry that holds one of the `scope` keys, as
    `search_vector` writes them (`#<key>`: no search term has a `#`, see _prefix_lexemes)."""
    keys = ("'#{}'".format(key.replace("\\", "\\\\").replace("'", "''")) for key in scope)
    return "(" + " | ".join(keys) + ")"


def _pg_match(
    terms: Sequence[str], alias: str = "", scope: Sequence[str] | None = None
) -> tuple[str, list[Any]]:
    """Return a PostgreSQL condition on search_searchentry (as `alias`, or unqualified) that
    holds for the entries matching every term as a word prefix and, with `scope`, holding
    one of those keys: both read off one index (`search_vector`, migration 0005), whose AND
    skips through the keys' list to the words' matches before any row is read."""
    column = f"{alias}." if alias else ""
    exact = f"{column}tsv @@ to_tsquery('simple', %s)"
    indexed = f"search_vector({column}folded, {column}scope) @@ %s::tsquery"
    lexemes, whole = _prefix_lexemes(terms)
    wanted = [tsquery_lexemes(lexemes)] if lexemes else []
    if scope:
        wanted.append(tsquery_scope(scope))
    if not wanted:
        return exact, [tsquery_text(terms)]
    if whole and lexemes:
        return indexed, [" & ".join(wanted)]
    return f"{indexed} AND {exact}", [" & ".join(wanted), tsquery_text(terms)]


def _match_sql(
    terms: Sequence[str], kind: str, scope: Sequence[str] | None
) -> tuple[str, list[str]]:
    """Return SQLite SQL selecting the ids of the `kind` entries matching all `terms` (and
    holding one of the `scope` keys, if given)."""
    # CROSS JOIN pins SQLite's join order: from the few FTS matches to their rows, never from
    # every row of the kind to an FTS probe each (120 ms against 1 ms at 100 000 rows).
    return (
        "SELECT e.id FROM search_fts CROSS JOIN search_searchentry e ON e.id = search_fts.rowid "
        "WHERE search_fts MATCH %s AND e.kind = %s",
        [fts5_query(terms, scope), kind],
    )


def search_ids(
    query: str, *, kind: str, scope: Sequence[str] | None = None
) -> QuerySet[SearchEntry, int]:
    """Return the ids of the objects of `kind` matching `query`, unranked, as a subquery;
    with `scope`, only those whose entry holds one of these keys (`search.scope`)."""
    terms = search_terms(query)
    if not terms:
        return SearchEntry.objects.none().values_list("object_id", flat=True)
    if connection.vendor == "postgresql":
        # The entries' own object ids, read where the prefix index points: no second lookup
        # of each match by its entry id (62 401 of them for «آسفالت راه» at 1 M).
        match, params = _pg_match(terms, scope=scope)
        return SearchEntry.objects.filter(
            RawSQL(match, params, output_field=BooleanField()), kind=SearchKind(kind)
        ).values_list("object_id", flat=True)
    sql, params = _match_sql(terms, SearchKind(kind), scope)
    return SearchEntry.objects.filter(id__in=RawSQL(sql, params)).values_list(
        "object_id", flat=True
    )


def scoped_match_ids(query: str, *, kind: str, scope: Sequence[str] | None) -> list[int] | None:
    """The object ids of the `kind` entries matching `query` and holding one of the `scope`
    keys, read off the indexes (the words' and the keys' matches intersected there), when
    there are at most SCOPED_SORT_UP_TO; None when more, or without words or keys.

    Given to `search_count_capped` and `search_condition` as `matched`, they stand for the
    search among a list that only holds rows with one of the keys (the reader's own)."""
    if not scope or not search_terms(query):
        return None
    ids = list(search_ids(query, kind=kind, scope=scope)[: SCOPED_SORT_UP_TO + 1])
    return ids if len(ids) <= SCOPED_SORT_UP_TO else None


def _listed(ids: Sequence[int]) -> tuple[str, list[Any]]:
    """SQL selecting `ids` from one parameter: a list of placeholders, one per id, cost the
    driver and Django more than the query (at 1 404 ids, 23 ms of psycopg's parsing)."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[])", [[int(pk) for pk in ids]]
    return "SELECT value FROM json_each(%s)", [json.dumps([int(pk) for pk in ids])]


def _many_matches(terms: Sequence[str]) -> bool:
    """Whether at least WALK_FROM index entries match `terms` (counting stops there)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
            [fts5_query(terms), WALK_FROM],
        )
        (found,) = cursor.fetchone()
    return int(found) >= WALK_FROM


class _Probe(Exists):
    """EXISTS that PostgreSQL evaluates row by row, as written: `OFFSET 0` keeps the planner
    from turning it into a join or a hashed set of every match (what walking avoids)."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def search_condition(
    query: str,
    *,
    kind: str,
    also: QuerySet[Any, int] | None = None,
    counted: int | None = None,
    scope: Sequence[str] | None = None,
    matched: Sequence[int] | None = None,
) -> Q:
    """Return a filter keeping the objects of `kind` matching `query`, or whose pk is in `also`.

    Shaped for a list cut at a page (or a capped count), never for ranking. A query matching
    few entries selects their ids (`search_ids`), and the list sorts those few. A query
    matching many (a common word matches tens of thousands of resolutions among a million)
    is tested row by row as the list walks its ordering index, so the list stops after the
    rows it shows: sorting every match first took 1.5 s at a million resolutions.

    SQLite walks, with the matching entry ids read once into a temporary index, when the
    caller `counted` more than PG_WALK_FROM matches in the list, or else when the FTS
    matches number WALK_FROM or more. PostgreSQL walks when the caller has
    `counted` more than PG_WALK_FROM matches in the list (`search_count_capped`): each row
    is then looked up in the index by (kind, object id) and its stored tsvector tested, a
    few microseconds a row; «آسفالت راه» (62 401 matches) reads about 400 rows for a page.

    `scope`: keys of the visibility rule of the list's reader (`search.scope`); the matches
    read (not walked) are then only those holding one. The list still applies the rule.
    `matched`: every match holding one of them, already read (`scoped_match_ids`): the list
    keeps those few and sorts them, whatever was counted.
    """
    if matched is not None:
        sql, params = _listed([*matched, *(also if also is not None else [])])
        return Q(pk__in=RawSQL(sql, params))
    terms = search_terms(query)
    walk = counted is not None and counted > PG_WALK_FROM
    if terms and connection.vendor == "postgresql" and walk:
        match = RawSQL(
            "tsv @@ to_tsquery('simple', %s)", [tsquery_text(terms)], output_field=BooleanField()
        )
        entries = SearchEntry.objects.filter(match, kind=SearchKind(kind), object_id=OuterRef("pk"))
        condition = Q(_Probe(entries))
        return condition | Q(pk__in=also) if also is not None else condition
    # SQLite too chooses from the matches counted among the list, when the caller counted
    # them: among what the user may see and the filters, not the whole index.
    if (
        terms
        and connection.vendor == "sqlite"
        and (walk if counted is not None else _many_matches(terms))
    ):
        matching = RawSQL(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts5_query(terms, scope)]
        )
        entries = SearchEntry.objects.filter(
            kind=SearchKind(kind), object_id=OuterRef("pk"), id__in=matching
        )
        condition = Q(Exists(entries))
        return condition | Q(pk__in=also) if also is not None else condition
    ids = search_ids(query, kind=kind, scope=scope)
    if also is None:
        return Q(pk__in=ids)
    # One list of ids: an OR of two `IN (…)` tests makes SQLite read every row, and keeps
    # PostgreSQL from joining the matches (it walks the list's order against all of them).
    return Q(pk__in=ids.order_by().union(also.order_by()))


def search_count_capped(
    query: str,
    *,
    kind: str,
    among: QuerySet[Any],
    cap: int,
    from_among: bool = False,
    scope: Sequence[str] | None = None,
    matched: Sequence[int] | None = None,
) -> int | None:
    """Count the objects of `among` whose `kind` entry matches `query`, stopping past `cap`.

    Counted from the index side: the matches stream from the index (FTS5; PostgreSQL's
    prefix index, then the heap rows of the matches) and each is looked up in `among` by
    primary key until `cap` + 1 are found, so a query matching many entries answers «more
    than `cap`» after about `cap` lookups, where a list walking its order would test every
    row it passes (about 16 000 rows for 1 001 among a million, 60 ms on SQLite).
    `among` is the list without the search, so this is a lower bound of the searched
    list's length (which may also hold a typed tracking code): above `cap` it is exact
    enough for a capped list. None when the query has no words.

    `from_among` (SQLite): `among` holds few rows (it should then read its ids off indexes,
    not walk the table), so the count starts from them instead: each row's entry is found
    by (kind, object id) and tested against the matches, read once into a temporary index.
    `among` may then also be a list of ids (`values_list`, a UNION of them), which spares
    reading each row when nothing else narrows the list.
    At 1 M an executive body's officer sees 23 104 rows, 1 404 of them matching «آسفالت
    راه» among 62 401 matches in all: streaming the matches read ~43 000 of them to find
    1 001 (0.27-0.33 s), starting from the officer's rows reads ~16 500 (0.10-0.12 s).

    `scope`: the keys of `among`'s visibility rule (`search.scope`, every row of `among`
    holds one). The index then streams only the matches holding one of them, the words'
    and the keys' matches intersected inside it, and `from_among` is not needed: the
    officer's count above reads their 1 404 matches, on SQLite 18 ms (from 110-130); a
    county governorate's on PostgreSQL 25 ms (from 46-50, reading 3 024 matches to find
    1 001 of its own).
    `matched`: those matches already read (`scoped_match_ids`); only they are looked up.
    """
    terms = search_terms(query)
    if not terms:
        return None
    # With `from_among`, a list of ids (`values_list`, perhaps a UNION) is taken as it is.
    ids = from_among and bool(among.query.values_select or among.query.combinator)
    try:
        among_sql, among_params = (
            among.order_by() if ids else among.order_by().values("pk")
        ).query.sql_with_params()
    except EmptyResultSet:  # `among` is none(): a user who may see nothing
        return 0
    # A list of ids names its column after its first part's: PostgreSQL renames it.
    alias = "among(pk)" if ids and connection.vendor == "postgresql" else "among"
    exists = f"EXISTS (SELECT 1 FROM ({among_sql}) AS {alias} WHERE among.pk = e.object_id)"
    if matched is not None:
        listed, listed_params = _listed(matched)
        sql = (
            f"WITH among(pk) AS ({among_sql}) SELECT count(*) FROM "
            f"(SELECT 1 FROM among WHERE pk IN ({listed}) LIMIT %s) AS found"
        )
        params = [*among_params, *listed_params, cap + 1]
    elif connection.vendor == "postgresql":
        match, match_params = _pg_match(terms, alias="e", scope=scope)
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM search_searchentry e WHERE {match} "
            f"AND e.kind = %s AND {exists} LIMIT %s) AS found"
        )
        params = [*match_params, SearchKind(kind), *among_params, cap + 1]
    elif from_among and not scope:
        # `e.id + 0`: SQLite would otherwise look every match up in the (kind, object id)
        # index for each row of `among` (the IN list as a third key column).
        sql = (
            f"WITH among(pk) AS ({among_sql}) SELECT count(*) FROM (SELECT 1 FROM among "
            "CROSS JOIN search_searchentry e ON e.kind = %s AND e.object_id = among.pk "
            "WHERE (e.id + 0) IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
            "LIMIT %s)"
        )
        params = [*among_params, SearchKind(kind), fts5_query(terms), cap + 1]
    else:
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM search_fts "
            "CROSS JOIN search_searchentry e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND e.kind = %s AND {exists} LIMIT %s)"
        )
        params = [fts5_query(terms, scope), SearchKind(kind), *among_params, cap + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
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
    params: list[Any]
    if connection.vendor == "postgresql":
        # Matched through the prefix index, ranked on the words' own tsvector.
        match, match_params = _pg_match(terms, alias="e")
        select = (
            "SELECT e.kind, e.object_id, ts_rank(e.tsv, to_tsquery('simple', %s), 1) AS score, "
            f"e.display FROM search_searchentry e WHERE {match}"
        )
        order = " ORDER BY score DESC, e.id"
        params = [tsquery_text(terms), *match_params, *chosen]
    else:
        # bm25() is lower for better matches; negate it so that every score grows with quality.
        select = (
            "SELECT e.kind, e.object_id, -bm25(search_fts) AS score, e.display "
            "FROM search_fts CROSS JOIN search_searchentry e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH %s"
        )
        order = " ORDER BY bm25(search_fts), e.id"
        params = [fts5_query(terms), *chosen]
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
