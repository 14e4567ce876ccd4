"""Dashboard timings for the performance benchmark (`peygir bench` and
`benchmarks/reports.py`): every dashboard, an export, and the weekly report, for a
province-wide user and for a county governorate, over whatever the database holds.

`top_up` first adds what the generator does not write (funding lines, and «done» status
events spread over the last year), so that every dashboard has something to count. Letters'
reply dates and their replies come from the generator itself (since it wrote them, this
top-up no longer does: its replies could be dated before a letter dated after today). It is
idempotent: a second call adds nothing.
"""

import datetime
import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone

from peygir.accounts.models import Membership, Role, User
from peygir.organizations.models import Organization, OrganizationKind
from peygir.resolutions.choices import EventKind, FundingSource, Status
from peygir.resolutions.models import FundingLine, Resolution, ResolutionEvent
from peygir.tallies.services import tally_mark_all_dirty

BATCH = 5000


@dataclass
class DashboardTiming:
    name: str
    p50_ms: float
    p95_ms: float
    runs: int
    queries: int


def _batches(rows: Iterator[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def top_up(seed: int = 1405) -> dict[str, int]:
    """Add funding lines and «done» events where the generator wrote none."""
    rng = random.Random(seed)
    added = {"funding_lines": 0, "done_events": 0}
    now = timezone.now()
    if not FundingLine.objects.exists():
        sources = [value for value, _label in FundingSource.choices]

        def lines() -> Iterator[FundingLine]:
            ids = Resolution.objects.values_list("pk", flat=True)
            for pk in ids.iterator(chunk_size=BATCH):
                if pk % 3:
                    continue
                approved = rng.randint(1, 500) * 10_000_000
                allocated = approved * rng.randint(0, 10) // 10
                yield FundingLine(
                    resolution_id=pk,
                    source=rng.choice(sources),
                    fiscal_year=rng.randint(1400, 1405),
                    approved=approved,
                    allocated=allocated,
                    spent=allocated * rng.randint(0, 10) // 10,
                )

        for batch in _batches(lines()):
            FundingLine.objects.bulk_create(batch)
            added["funding_lines"] += len(batch)
    done = ResolutionEvent.objects.filter(kind=EventKind.STATUS_CHANGED, data__new=Status.DONE)
    if not done.exists():

        def events() -> Iterator[ResolutionEvent]:
            rows = Resolution.objects.filter(status=Status.DONE).values_list("pk", flat=True)
            for pk in rows.iterator(chunk_size=BATCH):
                yield ResolutionEvent(
                    resolution_id=pk,
                    kind=EventKind.STATUS_CHANGED,
                    data={"old": Status.IN_PROGRESS, "new": Status.DONE},
                    created_at=now - datetime.timedelta(days=rng.randint(0, 365)),
                )

        for batch in _batches(events()):
            with transaction.atomic():
                ResolutionEvent.objects.bulk_create(batch)
            added["done_events"] += len(batch)
    if any(added.values()):
        tally_mark_all_dirty()  # written around the services: the stored tallies count again
    return added


def _user(username: str, role: str, organization: Organization | None) -> User:
    user, _created = User.objects.get_or_create(username=username)
    if organization is not None:
        Membership.objects.get_or_create(user=user, organization=organization, role=role)
    return user


def _time(client: Client, url: str, runs: int, *, first_view: bool) -> tuple[list[float], int]:
    """The times of `runs` views after a warm-up; with `first_view`, each counted anew
    (nothing kept by `reports.kept` from the view before)."""
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        if first_view:
            cache.clear()
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return samples, len(queries)


def _filters(county_org: Organization | None) -> list[tuple[str, int]]:
    """A county (the bench's county governorate's), the body with the most resolutions and
    the largest category, as the deputy filters the dashboards by them."""
    found = []
    if county_org is not None and county_org.place_id is not None:
        found.append(("county", county_org.place_id))
    for what, field in (("body", "responsible_body_id"), ("category", "category_id")):
        largest = (
            Resolution.objects.exclude(**{field: None})
            .values(field)
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if largest is not None:
            found.append((what, largest[field]))
    return found


@override_settings(DEBUG=False)  # no query logging while measuring; put back afterwards
def dashboard_timings(runs: int = 5) -> list[DashboardTiming]:
    province_org = Organization.objects.filter(kind=OrganizationKind.DEPUTY).first()
    county_org = (
        Organization.objects.filter(kind=OrganizationKind.COUNTY_GOVERNORATE)
        .exclude(place=None)
        .first()
    )
    clients = []
    for username, role, org in [
        ("bench-deputy", Role.DEPUTY, province_org),
        ("bench-county", Role.COUNTY, county_org),
    ]:
        client = Client()
        client.force_login(_user(username, role, org))
        clients.append((username.removeprefix("bench-"), client))
    pages = [
        ("fulfilment", "/staff/reports/"),
        ("overdue ageing", "/staff/reports/overdue/"),
        ("letters", "/staff/reports/letters/"),
        ("scorecard", "/staff/reports/scorecard/"),
        ("trends (month)", "/staff/reports/trends/"),
        ("trends (week)", "/staff/reports/trends/?grain=week"),
        ("credit", "/staff/reports/credit/"),
        ("fulfilment, 1404", "/staff/reports/?fiscal_year=1404"),
        ("fulfilment excel", "/staff/reports/fulfilment/excel/"),
        ("weekly report pdf", "/staff/reports/weekly/pdf/"),
    ]
    # The deputy's filters (a county governorate's staff report on their own county only).
    filtered = []
    filters = _filters(county_org)
    # One filter: read from its stored slices.
    for what, pk in filters:
        filtered.append((f"fulfilment, one {what}", f"/staff/reports/?{what}={pk}"))
    # Two filters: counted live (the stored tallies hold one at a time), then kept.
    if len(filters) >= 2:
        both = "&".join(f"{what}={pk}" for what, pk in filters[:2])
        named = " and ".join(what for what, _pk in filters[:2])
        filtered.append((f"fulfilment, {named}, first view", f"/staff/reports/?{both}"))
        filtered.append((f"fulfilment, {named}, kept", f"/staff/reports/?{both}"))
    timings = []
    for who, client in clients:
        for name, url in pages if who == "county" else pages + filtered:
            if who == "county" and "excel" in name:
                continue
            n = 1 if "pdf" in name else runs
            samples, queries = _time(client, url, n, first_view="first view" in name)
            ordered = sorted(samples)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            timings.append(
                DashboardTiming(
                    f"{name} ({who})",
                    round(statistics.median(ordered) * 1000, 1),
                    round(p95 * 1000, 1),
                    n,
                    queries,
                )
            )
    return timings


def bench_timings(runs: int) -> list[Any]:
    """For `peygir bench`: top up, then time the dashboards as the bench's own Timing rows.

    After a top-up the dashboards are timed as a deployment serves them: the new rows'
    statistics read (autovacuum's job, minutes later) and the stored tallies recounted (the
    worker's). Without that, at 1 M on PostgreSQL the Excel download, which counts what it
    prints, counted all 501 blocks in the request with plans made for empty tables, and was
    still at it after 12 minutes.
    """
    from peygir.bench.measure import Timing

    if any(top_up().values()):
        with connection.cursor() as cursor:
            for model in (FundingLine, ResolutionEvent):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        call_command("tallies_refresh", stdout=StringIO())
    return [
        Timing(f"dashboard: {t.name}", t.p50_ms, t.p95_ms, t.runs, f"{t.queries} queries")
        for t in dashboard_timings(max(1, min(runs, 5)))
    ]
