"""Reads of resolutions, always through the user's row-level scope."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import Scope, user_scope
from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.resolutions.choices import Visibility
from peygir.resolutions.models import Resolution, Source
from peygir.search.scope import body_key, owner_key, path_place_ids, place_key


def _places_under(path: str) -> QuerySet[Place, int]:
    return Place.objects.filter(path__startswith=path).values_list("pk", flat=True)


def resolution_ids_in_place(path: str) -> QuerySet[Any, int]:
    """The ids of the resolutions linked to the place at `path` or anything under it.

    The few places are found first and their links read through the link table's place
    index; joining the links to the places instead reads every link (SQLite cannot use the
    path index for the prefix match inside the join).
    """
    links = Resolution.places.through.objects.filter(place__in=_places_under(path))
    return links.values_list("resolution_id", flat=True)


def resolutions_visible_to(
    user: User | AnonymousUser, *, walking: bool = False
) -> QuerySet[Resolution]:
    """Return the resolutions this user may see; the only way the staff side lists them.

    Every part of the rule is a column test or an `id IN (…)` over one link table, each
    answered from an index, so the outer query has no joins (and no duplicate rows to
    remove): a list can walk its ordering index and stop at the page, whatever the size.

    By default the rows are found as one list of ids (a UNION of index reads), which the
    database reads once before the query: the few rows of most users. A caller that walks
    an ordering index and stops early (a list's page, a capped count) says `walking`: for a
    user who may see many rows (a county governorate sees a third of a million at 1 M), the
    same rule is then tested on each row walked (`_Rule.test`), since reading all their ids
    first cost 0.4 s a query. Both shapes hold the same rows (tests compare them).
    """
    rules = _rules(user)
    if rules is None:
        return Resolution.objects.all()
    if not rules:
        return Resolution.objects.none()
    share = _share(rules) if walking else FEW
    if _tests_each_row(share):
        return Resolution.objects.filter(reduce(or_, (rule.test for rule in rules)))
    if share == SOME and connection.vendor in UNINDEXED_VENDORS:
        # The ids read first, but tested on each row walked (`id + 0`): SQLite would
        # otherwise start from the ids and sort them all for a page (an officer's 23 104
        # at 1 M: the page 157 -> 28 ms, a filtered page 28 -> 11 ms).
        return _unindexed_in(Resolution.objects.all(), _union(rules))
    return Resolution.objects.filter(pk__in=_union(rules))


def _unindexed_in(rows: QuerySet[Resolution], ids: QuerySet[Any, int]) -> QuerySet[Resolution]:
    """`rows` among `ids`, tested as `id + 0 IN (ids)` on each row walked: SQLite then
    cannot drive the test from the ids through the primary key (SQLite only, see
    UNINDEXED_VENDORS: PostgreSQL hashed the ids again for every row so tested)."""
    unindexed = ExpressionWrapper(F("pk") + 0, output_field=IntegerField())
    return rows.alias(unindexed_id=unindexed).filter(unindexed_id__in=ids)


def sees_few_rows(user: User | AnonymousUser) -> bool:
    """Whether `user` may see only a small part of the rows: no part of the rule holds
    1/MANY_SHARE of them (`_share`), as for an executive body's officer. Work over such a
    user's rows is cheapest started from their ids (`search_count_capped`'s `from_among`)."""
    rules = _rules(user)
    if rules is None:
        return False
    return not rules or _share(rules) != MANY


def sees_more_than(user: User | AnonymousUser, count: int) -> bool:
    """Whether `user` may see more than `count` resolutions as one part of the rule alone
    shows: each column's part read off its index up to `count` + 1 rows, in one query
    (about a millisecond). Asked only of a user who sees SOME or MANY rows (`_share`, kept
    a few minutes, so no query for anyone else); False when no part shows it, and for a
    user who sees every row (whose list counts itself cheaply, testing nothing).

    A list's capped count otherwise walks the rows and tests the rule on each until it has
    `count` + 1: a county governorate's unfiltered list at 1 M on PostgreSQL walked ~3 000
    rows for 56 ms; an officer's on SQLite tested each walked row against its ids."""
    rules = _rules(user)
    if not rules or _share(rules) == FEW:
        return False
    parts = [
        rule.ids.order_by()[: count + 1].query.sql_with_params() for rule in rules if rule.distinct
    ]
    if not parts:
        return False
    counts = " UNION ALL ".join(
        f"SELECT count(*) AS found FROM ({sql}) AS part" for sql, _params in parts
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX(found), 0) FROM ({counts}) AS counts",
            [value for _sql, params in parts for value in params],
        )
        (found,) = cursor.fetchone()
    return int(found) > count


def resolution_ids_visible_to(user: User | AnonymousUser) -> QuerySet[Any, int] | None:
    """The ids of the resolutions `user` may see, read off indexes without reading the rows
    (`resolutions_visible_to` reads each row to filter it further); None for every row."""
    rules = _rules(user)
    if rules is None:
        return None
    if not rules:
        return _ids(Resolution.objects.none())
    first, *rest = (rule.ids.order_by() for rule in rules)
    return first.union(*rest) if rest else first


@dataclass(frozen=True)
class _Rule:
    """One part of the visibility rule in its two shapes: the ids of the rows it lets the
    user see, read off an index, and the same rows as a test of one row; and the search
    index's scope keys (`search.scope`), one of which each of those rows holds."""

    ids: QuerySet[Any, int]
    test: Q
    keys: tuple[str, ...]
    distinct: bool = False  # whether `ids` names each row once (a link table may repeat it)


def _column(keys: Iterable[str], **lookup: Any) -> _Rule:
    ids = _ids(Resolution.objects.filter(**lookup))
    return _Rule(ids, Q(**lookup), tuple(keys), distinct=True)


def _linked(links: QuerySet[Any], keys: Iterable[str]) -> _Rule:
    """The resolutions a link table row ties to what `links` selects."""
    return _Rule(
        links.values_list("resolution_id", flat=True),
        Q(Exists(links.filter(resolution_id=OuterRef("pk")))),
        tuple(keys),
    )


def _rules(user: User | AnonymousUser) -> list[_Rule] | None:
    """The rules of `resolutions_visible_to`: what lets the user see a row, None for every
    row, an empty list for none. Kept on the user with the scope they were built from
    (`user_scope` keeps that for the request): a staff page asks four times, 1 ms each."""
    scope = user_scope(user)
    kept: tuple[Scope, list[_Rule] | None] | None = getattr(user, "_peygir_rules", None)
    if kept is not None and kept[0] is scope:
        return kept[1]
    rules = _rules_of(scope)
    user._peygir_rules = (scope, rules)  # type: ignore[union-attr]
    return rules


def _rules_of(scope: Scope) -> list[_Rule] | None:
    if scope.province_wide:
        return None
    rules: list[_Rule] = []
    staff_orgs = scope.orgs(Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY)
    if staff_orgs:
        owners = [owner_key(pk) for pk in sorted(staff_orgs)]
        rules.append(_column(owners, followup_owner__in=staff_orgs))
    for county_path in scope.county_paths:
        # Its places and everything under them, and bodies located there: one place key.
        county = [place_key(path_place_ids(county_path)[-1])]
        places = _places_under(county_path)
        links = Resolution.places.through.objects.filter(place__in=places)
        rules.append(_linked(links, county))
        bodies = Organization.objects.filter(place__in=places)
        rules.append(_column(county, responsible_body__in=bodies.values("pk")))
    officer_orgs = scope.orgs(Role.OFFICER)
    if officer_orgs:
        officers = [body_key(pk) for pk in sorted(officer_orgs)]
        rules.append(_column(officers, responsible_body__in=officer_orgs))
        supporting = Resolution.supporting_bodies.through.objects.filter(
            organization__in=officer_orgs
        )
        rules.append(_linked(supporting, officers))
    return rules


def search_scope_of(user: User | AnonymousUser) -> list[str] | None:
    """The scope keys (`search.scope`) of every part of `_rules(user)`, by which the search
    index may narrow its matches to the user's rows; None for a user who sees every row."""
    rules = _rules(user)
    if rules is None:
        return None
    keys = [key for rule in rules for key in rule.keys]
    return list(dict.fromkeys(keys)) or None


def _union(rules: list[_Rule]) -> QuerySet[Any, int]:
    # One list of ids (a UNION of index reads), not an OR of tests: the database starts
    # from the user's few rows instead of testing every row of a filter against each part.
    first, *rest = (rule.ids for rule in rules)
    return first.union(*rest) if rest else first


# A user sees "many" rows, and a walking list tests each row it passes instead of reading
# the user's ids first, when one part of the rule alone holds at least 1/MANY_SHARE of all
# rows (at 1 M: 50 000) and MANY_AT_LEAST. A page of 25 is then found after ~500 rows
# walked and a capped count of 1 001 after ~20 000, where reading 50 000 ids first costs
# about as much as that count. On PostgreSQL at 1 M the county governorate that follows up
# a third of the rows (bench-county): its list 15 s -> 0.28 s, its search «آسفالت راه»
# 12.9 s -> 0.67 s (load 4-8), where reading its 337 000 ids first led the planner to join
# them to the walked rows by a nested loop (28.8 M comparisons for a page).
MANY_SHARE = 20
MANY_AT_LEAST = 1_000
WALKING_VENDORS = frozenset({"sqlite", "postgresql"})
MANY_FOR_SECONDS = 600


# Below MANY, a user who sees SOME rows (one part of the rule holding 1/SOME_SHARE of all
# rows, at 1 M 20 000): a page of 25 after ~1 300 rows walked. SQLite reads the ids first
# but tests each walked row against them (UNINDEXED_VENDORS). PostgreSQL tests the rule
# itself, as for MANY: joining the ids (an officer of QM-ROADS, 23 104 at 1 M) sorted them
# all for a page (464 ms; filtered, 237 ms), and testing them as `id + 0` rebuilt the set
# for every row (3.2 s), where testing the rule walks the page in 3-5 ms. The trips offered
# likewise: 2.9 s -> 22 ms.
SOME_SHARE = 50
SOME_AT_LEAST = 1_000
SOME_VENDORS = frozenset({"sqlite", "postgresql"})
UNINDEXED_VENDORS = frozenset({"sqlite"})
FEW, SOME, MANY = 0, 1, 2


def _tests_each_row(share: int) -> bool:
    """Whether a walking read tests the rule itself on each row it walks (`_Rule.test`)."""
    vendor = connection.vendor
    return share == MANY or (
        share == SOME and vendor in WALKING_VENDORS and vendor not in UNINDEXED_VENDORS
    )


def _share(rules: list[_Rule]) -> int:
    """FEW, SOME or MANY: whether some part of the rule holds at least 1/SOME_SHARE or
    1/MANY_SHARE of all rows, in one query.

    Each part is counted off its index up to the MANY limit, so a large one stops early.
    The answer only chooses how a list reads its rows, never which, so each process keeps
    it a few minutes per rule (the rule's own SQL is the key).
    """
    walks = connection.vendor in WALKING_VENDORS
    some = connection.vendor in SOME_VENDORS
    if not walks and not some:
        return FEW
    parts = [rule.ids.order_by().query.sql_with_params() for rule in rules]
    key = "peygir:visible-share:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _count_share(parts)
        cache.set(key, cached, MANY_FOR_SECONDS)
    if cached == MANY and not walks:
        return SOME if some else FEW
    if cached == SOME and not some:
        return FEW
    return int(cached)


def _count_share(parts: list[tuple[str, Any]]) -> int:
    greatest = "GREATEST" if connection.vendor == "postgresql" else "max"
    counts = " UNION ALL ".join(
        f"SELECT count(*) AS found FROM ({sql} LIMIT (SELECT {greatest}(n, s) FROM share)) AS part"
        for sql, _params in parts
    )
    highest = "COALESCE(MAX(id), 0)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH share AS (SELECT {greatest}(%s, {highest} / %s) AS n, "
            f"{greatest}(%s, {highest} / %s) AS s FROM resolutions_resolution) "
            "SELECT COALESCE(MAX(found), 0) >= (SELECT n FROM share), "
            f"COALESCE(MAX(found), 0) >= (SELECT s FROM share) FROM ({counts}) AS counts",
            [
                MANY_AT_LEAST,
                MANY_SHARE,
                SOME_AT_LEAST,
                SOME_SHARE,
                *(value for _sql, params in parts for value in params),
            ],
        )
        many, some = cursor.fetchone()
    return MANY if many else SOME if some else FEW


def _ids(queryset: QuerySet[Resolution]) -> QuerySet[Any, int]:
    return queryset.values_list("pk", flat=True)


def resolution_get_for_user(user: User | AnonymousUser, pk: int) -> Resolution:
    """Fetch one resolution the user may see, or raise 404 (never reveal that it exists)."""
    resolution = (
        resolutions_visible_to(user)
        .select_related(
            "source",
            "category",
            "responsible_body__place",
            "followup_owner",
            "national_counterpart",
        )
        .prefetch_related("places", "supporting_bodies")
        .filter(pk=pk)
        .first()
    )
    if resolution is None:
        raise Http404(_("No such resolution, or you may not see it."))
    return resolution


def public_resolutions() -> QuerySet[Resolution]:
    """Return what citizens may see: published resolutions only."""
    return Resolution.objects.filter(visibility=Visibility.PUBLIC)


def sources_visible_to(user: User | AnonymousUser, *, walking: bool = False) -> QuerySet[Source]:
    """Return trips and meetings with at least one resolution the user may see.

    Each trip asks whether one of its own resolutions (its few, off the source index) is in
    the user's list of ids, read once. `id + 0` keeps SQLite from driving the test the other
    way, probing the trip's index once for every id the user may see (a county sees a third
    of a million), and the EXISTS lets a list of the latest trips stop at its page instead
    of first reading the trip of every resolution the user may see. A caller reading the
    latest trips says `walking`: for a user who sees many rows (`_share`; on PostgreSQL
    some rows too, see SOME_SHARE) each trip's own resolutions are then tested against
    the rule instead of the ids (a county
    governorate's 200 latest trips at 1 M: 250-490 ms -> 11-33 ms).
    """
    rules = _rules(user)
    if rules is None:
        return Source.objects.all()
    if not rules:
        return Source.objects.none()
    if walking and _tests_each_row(_share(rules)):
        seen = Resolution.objects.filter(reduce(or_, (rule.test for rule in rules)))
        return Source.objects.filter(Exists(seen.filter(source=OuterRef("pk"))))
    own = Resolution.objects.filter(source=OuterRef("pk"))
    if connection.vendor in UNINDEXED_VENDORS:
        own = _unindexed_in(own, _union(rules))
    else:
        own = own.filter(pk__in=_union(rules))
    return Source.objects.filter(Exists(own))
