"""A page served the stored figures as they are while the worker counts them again
(`tallies.freshness`), and says so; without a recounter at work, the page counts."""

import datetime
import io
from io import StringIO
from typing import Any

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from peygir.conftest import World
from peygir.core.templatetags.persian import jdate
from peygir.resolutions import services
from peygir.resolutions.choices import Status
from peygir.resolutions.models import Resolution
from peygir.tallies.models import Recount, Tally, TallyKind

TODAY = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)  # a Saturday in Tehran
WAITING = (
    "The latest changes are still being counted; these figures show them within a minute or so."
)


def _persian(message: str) -> str:
    with translation.override("fa"):
        said = translation.gettext(message)
    assert said != message  # translated
    return said


def _secretariat(world: World) -> Client:
    client = Client()
    client.force_login(world.users["secretariat"])
    return client


def _refresh() -> str:
    """What the worker runs each round."""
    out = StringIO()
    call_command("tallies_refresh", stdout=out)
    return out.getvalue().strip()


def _total_resolutions(response: Any) -> int:
    """The fulfilment dashboard's count of every resolution (its first headline figure)."""
    _label, value, _kind = response.context["dashboard"].headline[0]
    return int(value)


def _cancel(world: World, resolution: Resolution) -> None:
    services.resolution_change_status(
        actor=world.users["secretariat"],
        resolution=Resolution.objects.get(pk=resolution.pk),
        status=Status.CANCELLED,
        reason="لغو به دستور استاندار",
    )


@time_machine.travel(TODAY, tick=False)
def test_a_page_takes_rows_awaiting_the_workers_count_as_stored_and_says_so(
    world: World,
) -> None:
    world.resolution()
    client = _secretariat(world)
    fulfilment, overview = reverse("reports:fulfilment"), reverse("workspace:overview")
    client.get(fulfilment), client.get(overview)  # every row counted and stored
    _refresh()  # the worker is at work
    world.resolution(title="گازرسانی به روستای فردو")

    page = client.get(fulfilment)
    assert _total_resolutions(page) == 1  # the stored figure: the write awaits the count
    assert page.context["served"].waiting
    assert _persian(WAITING) in page.content.decode()
    page = client.get(overview)
    assert page.context["overview"].total == 1
    assert _persian(WAITING) in page.content.decode()

    assert _refresh() != "recounted 0"
    page = client.get(fulfilment)
    assert _total_resolutions(page) == 2
    assert not page.context["served"].waiting
    assert _persian(WAITING) not in page.content.decode()
    page = client.get(overview)
    assert page.context["overview"].total == 2
    assert not page.context["served"].waiting


@time_machine.travel(TODAY, tick=False)
def test_a_download_counts_what_it_prints_while_the_page_waits(world: World) -> None:
    world.resolution()
    client = _secretariat(world)
    client.get(reverse("reports:fulfilment"))
    _refresh()
    world.resolution(title="گازرسانی به روستای فردو")
    assert client.get(reverse("reports:fulfilment")).context["served"].waiting  # the page waits
    response = client.get(reverse("reports:fulfilment_excel"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "شهرستان")
    assert {row[0]: row[1] for row in rows[header + 1 :]}["کهک"] == 2  # counted, not as stored
    blocks = Tally.objects.filter(kind=TallyKind.DASH, key__gte=0)  # not the trips' ranking
    assert all(row.computed_seq == row.seq for row in blocks)  # the download counted them


@time_machine.travel(TODAY, tick=False)
def test_without_a_recounter_at_work_the_page_counts(world: World) -> None:
    resolution = world.resolution()
    client = _secretariat(world)
    fulfilment = reverse("reports:fulfilment")
    client.get(fulfilment)
    _cancel(world, resolution)  # no worker has begun a recount
    page = client.get(fulfilment)
    assert not page.context["served"].waiting
    assert _persian(WAITING) not in page.content.decode()
    assert (
        page.context["dashboard"].headline == client.get(fulfilment).context["dashboard"].headline
    )

    _refresh()
    world.resolution(title="گازرسانی به روستای فردو")
    # A recount begun longer ago than the window no longer vouches for the worker.
    with time_machine.travel(TODAY + datetime.timedelta(minutes=16), tick=False):
        page = client.get(fulfilment)
        assert _total_resolutions(page) == 2
        assert not page.context["served"].waiting
    assert Recount.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_rows_of_another_shape_are_counted_even_while_the_worker_is_at_work(
    world: World,
) -> None:
    world.resolution()
    client = _secretariat(world)
    fulfilment = reverse("reports:fulfilment")
    client.get(fulfilment), client.get(reverse("workspace:overview"))
    _refresh()
    world.resolution(title="گازرسانی به روستای فردو")
    # Rows stored before the shape of their counts changed (or never stored) cannot stand in.
    Tally.objects.filter(kind=TallyKind.DASH).update(stamp="0-old-shape")
    Tally.objects.filter(kind__in=[TallyKind.BLOCK, TallyKind.COUNTY]).update(counts={})
    page = client.get(fulfilment)
    assert _total_resolutions(page) == 2
    assert not page.context["served"].waiting
    page = client.get(reverse("workspace:overview"))
    assert page.context["overview"].total == 2
    assert not page.context["served"].waiting


def test_after_midnight_the_page_shows_yesterdays_figures_with_their_day(world: World) -> None:
    before_midnight = datetime.datetime(2026, 11, 21, 20, 25, tzinfo=datetime.UTC)  # 23:55
    after_midnight = before_midnight + datetime.timedelta(minutes=10)  # 00:05 in Tehran
    with time_machine.travel(before_midnight, tick=False):
        world.resolution(start_date=None, deadline=datetime.date(2026, 11, 21))
        client = _secretariat(world)
        overview = client.get(reverse("workspace:overview")).context["overview"]
        assert overview.overdue == 0  # due today
        _refresh()
    with time_machine.travel(after_midnight, tick=False):
        page = client.get(reverse("workspace:overview"))
        served = page.context["served"]
        yesterday = datetime.date(2026, 11, 21)
        assert served.earlier_day == yesterday
        assert page.context["overview"].overdue == 0  # as counted for yesterday
        with translation.override("fa"):
            day = jdate(yesterday, "long")
        assert day in page.content.decode()  # «۳۰ آبان ۱۴۰۵»
        _refresh()
        page = client.get(reverse("workspace:overview"))
        assert page.context["overview"].overdue == 1
        assert not page.context["served"].waiting


def _excel_rows(client: Client) -> list[tuple[Any, ...]]:
    response = client.get(reverse("reports:fulfilment_excel"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _by_county(rows: list[tuple[Any, ...]]) -> dict[Any, Any]:
    header = next(i for i, row in enumerate(rows) if row[0] == "شهرستان")
    return {row[0]: row[1] for row in rows[header + 1 :]}


BEFORE_MIDNIGHT = datetime.datetime(2026, 11, 21, 20, 25, tzinfo=datetime.UTC)  # 23:55
AFTER_MIDNIGHT = BEFORE_MIDNIGHT + datetime.timedelta(minutes=10)  # 00:05 in Tehran
YESTERDAY = datetime.date(2026, 11, 21)


def _counted_before_midnight(world: World) -> Client:
    """One resolution, the fulfilment dashboard viewed and the worker's count done at 23:55;
    the secretariat's client."""
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False):
        world.resolution()
        client = _secretariat(world)
        client.get(reverse("reports:fulfilment"))
        _refresh()
    return client


@time_machine.travel(TODAY, tick=False)
def test_after_midnight_a_download_prints_yesterdays_figures_and_says_so(world: World) -> None:
    """Counting every row again takes the worker minutes at 1 M after midnight: a download
    within that time would outlast its request if it counted them itself."""
    client = _counted_before_midnight(world)
    with time_machine.travel(AFTER_MIDNIGHT, tick=False):
        world.resolution(title="گازرسانی به روستای فردو")  # today's write: counted
        rows = _excel_rows(client)
        assert _by_county(rows)["کهک"] == 1  # as counted for yesterday
        with translation.override("fa"):
            note = translation.gettext(
                "Some of these figures were counted on %(day)s; today's count was under way "
                "when this file was made."
            ) % {"day": jdate(YESTERDAY, "long")}
        assert note != "" and "۱۴۰۵" in note  # in Persian, with the Jalali day
        assert (note,) in [row[:1] for row in rows]
        blocks = Tally.objects.filter(kind=TallyKind.DASH, key__gte=0)
        assert any(row.computed_for == YESTERDAY for row in blocks)  # the download counted none
        pdf = client.get(reverse("reports:fulfilment_pdf"))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        _refresh()
        rows = _excel_rows(client)
        assert _by_county(rows)["کهک"] == 2
        assert (note,) not in [row[:1] for row in rows]


@time_machine.travel(TODAY, tick=False)
def test_after_midnight_the_weekly_report_prints_yesterdays_figures_and_says_so(
    world: World,
) -> None:
    """The weekly report's counts are the scorecard's stored ones: after midnight it takes
    them as counted for the day before, as the dashboards' downloads do."""
    client = _counted_before_midnight(world)

    def weekly_text() -> str:
        response = client.get(reverse("reports:weekly_pdf"))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        pages = PdfReader(io.BytesIO(response.content)).pages
        return "\n".join(page.extract_text() for page in pages)

    def noted(text: str) -> bool:  # pypdf may give shaped Persian back in visual order
        return any(word in text or word[::-1] in text for word in ("شمرده", "جریان"))

    with time_machine.travel(AFTER_MIDNIGHT, tick=False):
        world.resolution(title="گازرسانی به روستای فردو")
        assert noted(weekly_text())
        blocks = Tally.objects.filter(kind=TallyKind.DASH, key__gte=0)
        assert blocks and {row.computed_for for row in blocks} == {YESTERDAY}  # none counted
        _refresh()
        assert not noted(weekly_text())


@time_machine.travel(TODAY, tick=False)
def test_after_midnight_without_a_recounter_a_download_counts(world: World) -> None:
    client = _counted_before_midnight(world)
    # Sixteen minutes later: the recount began before midnight no longer vouches for a worker.
    with time_machine.travel(BEFORE_MIDNIGHT + datetime.timedelta(minutes=16), tick=False):
        world.resolution(title="گازرسانی به روستای فردو")
        rows = _excel_rows(client)
        assert _by_county(rows)["کهک"] == 2
        assert not [row for row in rows if str(row[0]).startswith("بخشی از این ارقام")]


@time_machine.travel(TODAY, tick=False)
def test_the_admin_shows_when_the_worker_last_began_a_recount(world: World) -> None:
    _refresh()
    client = Client()
    client.force_login(world.users["admin"])
    page = client.get(reverse("admin:tallies_recount_changelist"))
    assert page.status_code == 200
    assert "worker" in page.content.decode()
    recount = Recount.objects.get()
    assert client.get(reverse("admin:tallies_recount_change", args=[recount.pk])).status_code == 200
    assert (
        client.post(reverse("admin:tallies_recount_delete", args=[recount.pk])).status_code == 403
    )
    assert Recount.objects.filter(pk=recount.pk).exists()
