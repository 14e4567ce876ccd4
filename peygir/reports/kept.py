"""Dashboards counted live, kept once counted until a write could change them.

The stored tallies (`reports.stored.stored_unit`) hold the dashboards of the province and of
a county governorate, unfiltered or for one fiscal year, and the province's filtered by one
county, body or category. Anything else (two filters, a filter with a year, a county
governorate's filters, a user whose scope they do not hold) is counted live over every
resolution that user sees: a second or more at a million resolutions. Such a dashboard is
kept (in Django's default cache) under a key of everything its figures are counted from:

- the sum of the dashboards' block counters: every service write that may change a
  dashboard's figure bumps its block's counter in its own transaction
  (`tallies.services.tally_mark_dirty`), and writes around the services bump them all, so
  the sum moves with each of them;
- the day and the stale threshold (overdue and stale move with the calendar and with the
  working days set in the admin);
- what the user sees: the province (every province-wide user sees the same dashboards,
  so they share what is kept), or their scope, with the organizations' places (what a
  county governorate sees);
- the dashboard, its filter, its grain and the language.

What moves without a write shows when a kept copy expires, after KEPT_SECONDS: the
scorecard's «fulfilled in the last seven days» (a window that slides through the day), and
a body, place, trip or category renamed.
"""

import hashlib
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Model, Sum
from django.utils import timezone
from django.utils.translation import get_language

from peygir.accounts.models import User
from peygir.accounts.selectors import user_scope
from peygir.followup.selectors import stale_threshold
from peygir.reports.filters import ReportFilter
from peygir.reports.stored import stored_unit
from peygir.reports.tables import Dashboard
from peygir.tallies.dashboards import load_scopes
from peygir.tallies.freshness import rows_taken
from peygir.tallies.models import Tally, TallyKind

KEPT_SECONDS = 600


def _pk(instance: Model | None) -> object:
    return None if instance is None else instance.pk


def _counters() -> tuple[int, int]:
    """How many dashboard block rows there are, and the sum of their write counters."""
    found = Tally.objects.filter(kind=TallyKind.DASH).aggregate(rows=Count("pk"), total=Sum("seq"))
    return found["rows"], found["total"] or 0


def kept_key(user: User | AnonymousUser, slug: str, wanted: ReportFilter, grain: str) -> str:
    today = timezone.localdate()
    scope = user_scope(user)
    parts = (
        slug,
        grain,
        get_language(),
        # The organizations' places decide what a county governorate sees, not what the
        # province-wide staff see (everything): read only for the others.
        "province" if scope.province_wide else (repr(scope), load_scopes().signature),
        today,
        stale_threshold(today),
        _counters(),
        wanted.fiscal_year,
        _pk(wanted.county),
        _pk(wanted.body),
        _pk(wanted.category),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"reports-kept:{digest}"


def kept_dashboard(
    user: User | AnonymousUser,
    slug: str,
    wanted: ReportFilter,
    build: Callable[[], Dashboard],
    *,
    grain: str = "",
) -> Dashboard:
    """The dashboard `build` makes, kept while nothing it is counted from has changed.

    One the stored tallies hold is built each time: it is read from ~500 rows, and
    follows the sliding week to the moment.
    """
    if stored_unit(user, wanted, timezone.localdate()) is not None:
        return build()
    key = kept_key(user, slug, wanted, grain)
    dashboard = cache.get(key)
    if dashboard is None:
        taken = rows_taken()
        dashboard = build()
        # Not kept when it took stored rows awaiting the worker's count (the county rows):
        # counting them changes no write counter, so the kept copy would outlive them.
        if rows_taken() == taken:
            cache.set(key, dashboard, KEPT_SECONDS)
    assert isinstance(dashboard, Dashboard)
    return dashboard
