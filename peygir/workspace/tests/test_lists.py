"""List pages: filters, search, sorting, pagination, Persian digits, and fixed query counts."""

import datetime
import functools
import re
from collections.abc import Callable

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peygir.conftest import World
from peygir.followup.services import followup_record_visit
from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.places.services import place_create
from peygir.resolutions import selectors as visibility
from peygir.resolutions import services
from peygir.resolutions.choices import SourceKind
from peygir.resolutions.models import Category, Resolution, Source
from peygir.workspace import selectors
from peygir.workspace.pagination import CappedPaginator
from peygir.workspace.views import overview as overview_views

Clients = Callable[[str], Client]
TODAY = datetime.date(2026, 11, 26)  # ۱۴۰۵/۰۹/۰۵


@pytest.fixture
def mix(world: World) -> dict[str, Resolution]:
    """Three resolutions that differ in place, body, deadline, trip and category, registered
    on TODAY: a test's own clock starts after its fixtures, and what is stale counts from
    the registration (registered on the real day, a Saturday, the stale list came a day
    late)."""
    with time_machine.travel(TODAY, tick=False):
        return _mix(world)


def _mix(world: World) -> dict[str, Resolution]:
    meeting = services.source_create(
        actor=world.users["secretariat"],
        kind=SourceKind.MEETING,
        title="جلسه استاندار با شوراهای شهر",
        start_date=datetime.date(2025, 5, 1),
    )
    health = Category.objects.create(code="health", name="بهداشت و درمان")
    return {
        "road": world.resolution(deadline=datetime.date(2026, 11, 1)),  # overdue
        "gas": world.resolution(
            title="گازرسانی به شهرک صنعتی قم",
            places=[world.qom_city],
            responsible_body=world.gas,
            deadline=datetime.date(2026, 11, 30),  # due this week
        ),
        "clinic": world.resolution(
            title="تجهیز درمانگاه کهک",
            source=meeting,
            category=health,
            deadline=datetime.date(2027, 3, 1),
        ),
    }


def _titles(client: Client, query: str) -> set[str]:
    text = client.get(f"/staff/resolutions/?{query}").text
    return {t for t in ("آسفالت راه", "گازرسانی", "تجهیز درمانگاه") if t in text}


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"آسفالت راه", "گازرسانی", "تجهیز درمانگاه"}),
        ("place={kahak}", {"آسفالت راه", "تجهیز درمانگاه"}),
        ("place={province}", {"آسفالت راه", "گازرسانی", "تجهیز درمانگاه"}),
        ("body={gas}", {"گازرسانی"}),
        ("flag=overdue", {"آسفالت راه"}),
        ("flag=due_week", {"گازرسانی"}),
        ("deadline_from=۱۴۰۵/۰۹/۰۱&deadline_to=۱۴۰۵/۱۲/۱۰", {"گازرسانی", "تجهیز درمانگاه"}),
        ("deadline_from=1405/09/01&deadline_to=1405/11/30", {"گازرسانی"}),
        ("source={source}", {"آسفالت راه", "گازرسانی"}),
        ("category={roads}", {"آسفالت راه", "گازرسانی"}),
        ("status=assigned", {"آسفالت راه", "گازرسانی", "تجهیز درمانگاه"}),
        ("status=done", set()),
        ("q=درمانگاه", {"تجهیز درمانگاه"}),
        ("q=درمانگاه‌ها", set()),
        ("q=درمانگاهي", set()),
        ("q=تجهيز", {"تجهیز درمانگاه"}),  # Arabic yeh finds the Persian one
        ("q=شرکت گاز", {"گازرسانی"}),  # and the responsible body
        ("q={gas_code}", {"گازرسانی"}),  # and the tracking code
    ],
)
def test_it_filters(
    world: World, client_for: Clients, mix: dict[str, Resolution], query: str, expected: set[str]
) -> None:
    query = query.format(
        kahak=world.kahak.pk,
        province=world.province.pk,
        gas=world.gas.pk,
        source=world.source.pk,
        roads=world.category.pk,
        gas_code=mix["gas"].tracking_code,
    )
    assert _titles(client_for("secretariat"), query) == expected


@time_machine.travel(TODAY, tick=False)
def test_stale_means_no_follow_up_for_the_sweeps_working_days(
    world: World, client_for: Clients, mix: dict[str, Resolution], settings: object
) -> None:
    # The same clock as the sweep: working days since the last follow-up action.
    settings.PEYGIR_STALE_WORKING_DAYS = 5  # type: ignore[attr-defined]
    # Registered Thursday ۱۴۰۵/۰۹/۰۵: with a Friday between, stale from ۰۹/۱۲.
    with time_machine.travel(TODAY + datetime.timedelta(days=6), tick=False):
        assert _titles(client_for("secretariat"), "flag=stale") == set()
    with time_machine.travel(TODAY + datetime.timedelta(days=7), tick=False):
        followup_record_visit(
            actor=world.users["county"],
            resolution=mix["road"],
            date=TODAY + datetime.timedelta(days=7),
            place="اداره کل راه",
            met_whom="مدیر کل",
            who_went="کارشناس فرمانداری",
        )
        # A status change is no follow-up: only the visit keeps «road» off the list.
        services.resolution_accept(actor=world.users["gas_officer"], resolution=mix["gas"])
        titles = _titles(client_for("secretariat"), "flag=stale")
    assert titles == {"گازرسانی", "تجهیز درمانگاه"}


def test_a_bad_filter_value_is_ignored_not_fatal(world: World, client_for: Clients) -> None:
    world.resolution()
    response = client_for("secretariat").get("/staff/resolutions/?place=999&deadline_from=x")
    assert response.status_code == 200
    assert "آسفالت راه" in response.text


def test_it_sorts_by_deadline(
    world: World, client_for: Clients, mix: dict[str, Resolution]
) -> None:
    text = client_for("secretariat").get("/staff/resolutions/?sort=-deadline").text
    assert text.index("تجهیز درمانگاه") < text.index("گازرسانی") < text.index("آسفالت راه")


def test_it_paginates_with_persian_digits(world: World, client_for: Clients) -> None:
    for number in range(27):
        world.resolution(title=f"مصوبه شماره {number}")
    text = client_for("secretariat").get("/staff/resolutions/?sort=title").text
    assert "صفحه ۱ از ۲" in text and "۲۷ مصوبه" in text
    second = client_for("secretariat").get("/staff/resolutions/?sort=title&page=2").text
    assert "صفحه ۲ از ۲" in second and "sort=title&amp;page=1" in second


def _longer_than_the_cap(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """56 resolutions, three pages, against a cap of 30."""
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    for number in range(56):
        world.resolution(title=f"مصوبه شماره {number}")


def test_a_long_list_is_not_counted_to_its_end(
    world: World, client_for: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    _longer_than_the_cap(world, monkeypatch)
    first = client_for("secretariat").get("/staff/resolutions/?sort=title").text
    assert "بیش از ۳۰ مصوبه" in first and "صفحه ۱" in first and "صفحه ۱ از" not in first
    assert "sort=title&amp;page=2" in first
    third = client_for("secretariat").get("/staff/resolutions/?sort=title&page=3").text
    assert third.count("مصوبه شماره") == 6 and 'rel="next"' not in third
    assert 'rel="prev"' in third


def test_a_page_past_the_end_of_a_long_list_gives_its_last_page(
    world: World, client_for: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    _longer_than_the_cap(world, monkeypatch)
    for url in ("/staff/resolutions/?sort=title&page=9", "/staff/resolutions/?page=4"):
        response = client_for("secretariat").get(url)
        assert response.status_code == 200
        assert response.context["page"].number == 3
        assert response.text.count("مصوبه شماره") == 6 and 'rel="next"' not in response.text


def test_the_inbox_holds_what_the_body_must_do(
    world: World, client_for: Clients, mix: dict[str, Resolution]
) -> None:
    text = client_for("gas_officer").get("/staff/inbox/").text
    assert "گازرسانی" in text and "آسفالت راه" not in text


@time_machine.travel(TODAY, tick=False)
def test_the_overview_counts(world: World, client_for: Clients, mix: dict[str, Resolution]) -> None:
    response = client_for("secretariat").get("/staff/overview/")
    overview = response.context["overview"]
    assert (overview.total, overview.overdue, overview.due_week) == (3, 1, 1)
    counties = {row["place"].name: row["total"] for row in overview.by_county}
    assert counties == {"کهک": 2, "قم": 1}
    bodies = {row["responsible_body__name"]: row["overdue"] for row in overview.by_body}
    assert bodies == {"اداره کل راه و شهرسازی استان قم": 1, "شرکت گاز استان قم": 0}


@time_machine.travel(TODAY, tick=False)
def test_the_weekly_agenda_holds_what_needs_chasing(
    world: World, client_for: Clients, mix: dict[str, Resolution]
) -> None:
    services.resolution_update_details(
        actor=world.users["secretariat"],
        resolution=mix["clinic"],
        expected_version=mix["clinic"].version,
        next_followup_date=datetime.date(2027, 1, 1),
    )
    agenda = client_for("secretariat").get("/staff/weekly/").context["agenda"]
    assert {r.title[:9] for r in agenda} == {"آسفالت را", "گازرسانی "}


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("persona", ["secretariat", "deputy", "county", "officer"])
def test_the_weekly_page_shows_the_agendas_first_rows_in_its_order(
    world: World, mix: dict[str, Resolution], persona: str
) -> None:
    """The page walks the agenda owner by owner (at 1 M the whole agenda is hundreds of
    thousands of rows); its first rows and badges are the full agenda's."""
    services.deadline_revision_request(
        actor=world.users["officer"],
        resolution=mix["road"],
        new_date=datetime.date(2027, 1, 1),
        reason="کمبود قیر",
    )
    world.resolution(title="بی‌مالک", followup_owner=None, deadline=datetime.date(2026, 11, 2))
    user = world.users[persona]
    full = list(selectors.weekly_agenda(user))
    assert full  # every persona has something to chase
    for limit in range(1, len(full) + 2):
        first = selectors.weekly_agenda_first(user, limit)
        assert (
            [(r.pk, r.pending_revisions, r.is_stale) for r in first]
            == [  # type: ignore[attr-defined]
                (r.pk, r.pending_revisions, r.is_stale)
                for r in full[:limit]  # type: ignore[attr-defined]
            ]
        )


@time_machine.travel(TODAY, tick=False)
def test_a_long_weekly_agenda_says_only_its_first_rows_are_shown(
    world: World, client_for: Clients, mix: dict[str, Resolution], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overview_views, "AGENDA_PAGE_ROWS", 1)
    response = client_for("secretariat").get("/staff/weekly/")
    assert len(response.context["agenda"]) == 1
    assert "تنها ۱ مورد نخست" in response.text
    monkeypatch.setattr(overview_views, "AGENDA_PAGE_ROWS", 300)
    assert "مورد نخست" not in client_for("secretariat").get("/staff/weekly/").text


LIST_PAGES = [
    "/staff/overview/",
    "/staff/weekly/",
    "/staff/resolutions/",
    "/staff/resolutions/?q=مصوبه&flag=open&sort=title&place={kahak}",
    "/staff/inbox/",
    "/staff/sources/",
    "/staff/sources/{source}/",
]


def test_list_pages_keep_a_fixed_number_of_queries(
    world: World,
    client_for: Clients,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    # Enough rows for two pages, each in two places: an N+1 would show at once.
    for number in range(26):
        world.resolution(title=f"مصوبه {number}", places=[world.fordo, world.kahak])
    for persona in ("secretariat", "county", "officer"):
        client = client_for(persona)
        for url in LIST_PAGES:
            url = url.format(kahak=world.kahak.pk, source=world.source.pk)
            # 13: a search also counts its matches from the index (search_count_capped);
            # 14 for an officer's, whose few matches are read first with a typed tracking
            # code's ids (`scoped_match_ids`, `search_condition`'s `matched`).
            limit = 14 if persona == "officer" and "q=" in url else 13
            with django_assert_max_num_queries(limit):  # type: ignore[attr-defined]
                assert client.get(url).status_code == 200


def test_the_resolution_page_keeps_a_fixed_number_of_queries(
    world: World, client_for: Clients, django_assert_max_num_queries: Callable[[int], object]
) -> None:
    resolution = world.resolution()
    services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    for progress in range(10, 60, 10):
        services.resolution_report_progress(
            actor=world.users["officer"], resolution=resolution, progress=progress, note="x"
        )
    for persona in ("county", "officer", "secretariat"):
        followup_record_visit(
            actor=world.users[persona],
            resolution=resolution,
            date=datetime.date(2026, 11, 20),
            place="استانداری",
            met_whom="معاون عمرانی",
            who_went=persona,
            attachments=[SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + b"0" * 32)],
        )
    for persona in ("officer", "county", "secretariat"):
        client = client_for(persona)
        with django_assert_max_num_queries(14):  # type: ignore[attr-defined]
            assert client.get(f"/staff/resolutions/{resolution.pk}/").status_code == 200


def test_a_county_list_page_keeps_a_fixed_number_of_queries(
    world: World, client_for: Clients, django_assert_num_queries: Callable[[int], object]
) -> None:
    # Trips enough to fill the trip select, each with resolutions in and out of the county:
    # the trip options are read in one query, not once a trip.
    for number in range(30):
        trip = services.source_create(
            actor=world.users["secretariat"],
            kind=SourceKind.TRIP,
            title=f"سفر {number}",
            start_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
        )
        world.resolution(source=trip, title=f"مصوبه کهک {number}")
        world.resolution(
            source=trip,
            title=f"مصوبه قم {number}",
            places=[world.qom_city],
            responsible_body=world.gas,
            followup_owner=world.qom_governorate,
        )
    client = client_for("county")
    client.get("/staff/resolutions/")  # the session and the page cache settle first
    # The session, the user, the memberships, the trip options, the count, the place, body
    # and category options, the page and its places; a chosen trip is then looked up by id
    # among the offered ones.
    for url, queries in (
        ("/staff/resolutions/", 10),
        (f"/staff/resolutions/?source={trip.pk}", 11),
    ):
        with django_assert_num_queries(queries):  # type: ignore[attr-defined]
            assert client.get(url).status_code == 200


def test_a_county_is_offered_only_the_trips_it_may_see(world: World, client_for: Clients) -> None:
    qom_trip = services.source_create(
        actor=world.users["secretariat"],
        kind=SourceKind.TRIP,
        title="سفر استاندار به شهرستان قم",
        start_date=datetime.date(2025, 7, 1),
    )
    world.resolution(
        source=qom_trip,
        title="گازرسانی به شهرک صنعتی قم",
        places=[world.qom_city],
        responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )
    world.resolution()  # in Kahak, on the Kahak trip
    empty_trip = services.source_create(
        actor=world.users["secretariat"],
        kind=SourceKind.MEETING,
        title="جلسه بی‌مصوبه",
        start_date=datetime.date(2025, 8, 1),
    )

    def offered(persona: str, query: str = "") -> set[int]:
        form = client_for(persona).get(f"/staff/resolutions/?{query}").context["form"]
        return {int(value) for value, _label in form.fields["source"].widget.choices if value}

    assert offered("county") == {world.source.pk}
    assert offered("other_county") == {qom_trip.pk}
    assert offered("secretariat") == {world.source.pk, qom_trip.pk, empty_trip.pk}
    # A trip it may not see is neither offered nor applied when named in the address.
    assert offered("county", f"source={qom_trip.pk}") == {world.source.pk}
    page = client_for("county").get(f"/staff/resolutions/?source={qom_trip.pk}")
    assert "سفر استاندار به شهرستان قم" not in page.text
    assert "آسفالت راه" in page.text
    assert offered("other_county", f"source={qom_trip.pk}") == {qom_trip.pk}


def test_the_filter_options_are_drawn_from_plain_rows(world: World, client_for: Clients) -> None:
    # A national list offers hundreds of bodies, counties and trips: a model instance for
    # each option cost more than the rest of the form, so the options are read as rows.
    for number in range(20):
        Organization.objects.create(
            code=f"B{number}", name=f"اداره {number}", kind="executive_body", level="provincial"
        )
        Category.objects.create(code=f"c{number}", name=f"دسته {number}")
        place_create(
            code=f"QM-C{number}", name=f"شهرستان {number}", kind="county", parent=world.province
        )
        services.source_create(
            actor=world.users["secretariat"],
            kind=SourceKind.TRIP,
            title=f"سفر {number}",
            start_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
        )
    built: list[type] = []

    def count(sender: type, **kwargs: object) -> None:
        built.append(sender)

    client = client_for("secretariat")
    post_init.connect(count)
    try:
        text = client.get("/staff/resolutions/").text
    finally:
        post_init.disconnect(count)
    assert all(name in text for name in ("اداره 19", "دسته 19", "شهرستان 19", "سفر 19"))
    for model in (Organization, Category, Place, Source):
        assert built.count(model) <= 2, model  # the user's own memberships, not the options


def test_a_county_that_sees_many_rows_tests_each_row_it_walks(
    world: World, client_for: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A county governorate may see a third of a million rows: its list, count and trip
    # options test the rule on each row they pass instead of reading all its ids first.
    monkeypatch.setattr(visibility, "WALKING_VENDORS", frozenset({connection.vendor}))
    monkeypatch.setattr(visibility, "MANY_SHARE", 10**9)
    monkeypatch.setattr(visibility, "MANY_AT_LEAST", 1)
    cache.clear()
    world.resolution(title="مصوبه کهک")
    world.resolution(
        title="مصوبه قم",
        places=[world.qom_city],
        responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )
    client = client_for("county")
    for query in ("", "q=مصوبه", "status=assigned"):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/staff/resolutions/?{query}").text
        assert "مصوبه کهک" in page and "مصوبه قم" not in page
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert 'OR EXISTS(SELECT 1 AS "a" FROM "resolutions_resolution_places"' in sql, query
        assert not re.search(r'UNION SELECT [^()]* FROM "resolutions_resolution_places"', sql)


def test_a_long_unfiltered_list_is_known_long_from_one_part_of_the_rule(
    world: World, client_for: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The county governorate follows up these resolutions: its rule's column part (the
    follow-up owner) shows off its index that the list is longer than the cap, so the list
    is not walked to count it; a filtered list still counts itself."""
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    # Asked only of a user who sees many rows: here, four of them are many (whatever the
    # highest id, which PostgreSQL's sequences carry over from earlier tests).
    monkeypatch.setattr(visibility, "MANY_AT_LEAST", 4)
    monkeypatch.setattr(visibility, "MANY_SHARE", 10**12)
    cache.clear()
    for number in range(5):
        world.resolution(title=f"مصوبه شماره {number}", places=[world.qom_city])
    county = world.users["county"]
    assert visibility.sees_more_than(county, 3)
    assert not visibility.sees_more_than(county, 5)  # five rows: not more than five
    # Linked only through their places, the rows show nothing (a link may repeat a row).
    assert not visibility.sees_more_than(world.users["other_county"], 3)
    assert not visibility.sees_more_than(world.users["secretariat"], 3)  # counts cheaply
    assert not visibility.sees_more_than(world.users["outsider"], 0)

    counted: list[int] = []
    count = CappedPaginator.count.func  # type: ignore[attr-defined]

    def counting(paginator: CappedPaginator) -> int:
        counted.append(1)
        return int(count(paginator))

    instrumented = functools.cached_property(counting)
    instrumented.__set_name__(CappedPaginator, "count")
    monkeypatch.setattr(CappedPaginator, "count", instrumented)
    client = client_for("county")
    text = client.get("/staff/resolutions/").text
    assert "بیش از ۳ مصوبه" in text and not counted
    assert text.count("مصوبه شماره") == 5 and 'rel="next"' not in text
    text = client.get("/staff/resolutions/?flag=open").text
    assert "بیش از ۳ مصوبه" in text and counted  # filtered: counted
    counted.clear()
    text = client_for("other_county").get("/staff/resolutions/").text
    assert "بیش از ۳ مصوبه" in text and counted
