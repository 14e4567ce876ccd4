"""The slice rows: a county governorate's dashboards, one fiscal year's, and one county's,
body's or category's, from the stored tallies, never showing what the user may not see."""

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from peygir.accounts.models import Membership, Role, User
from peygir.conftest import World
from peygir.organizations.models import Organization
from peygir.reports.credit import credit_by_year
from peygir.reports.filters import ReportFilter
from peygir.reports.fulfilment import fulfilment
from peygir.reports.stored import stored_unit
from peygir.resolutions import services
from peygir.resolutions.choices import FundingSource
from peygir.resolutions.models import Category, Resolution
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.tallies import dashboards as tallied
from peygir.tallies.models import Tally, TallyKind
from peygir.tallies.services import BLOCK_SIZE
from peygir.tallies.tests.test_tallies import TODAY, assert_dashboards_as_live

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def _every_rule(world: World) -> dict[str, Resolution]:
    """One resolution for each part of a county governorate's view, and one outside it."""
    local = Organization.objects.create(
        code="KAHAK-WATER", name="آبفای کهک", kind="executive_body", level="county",
        place=world.kahak,
    )  # fmt: skip
    elsewhere = {"places": [world.qom_city], "responsible_body": world.gas}
    return {
        # Kahak's: it follows it up, though placed in Qom
        "owned": world.resolution(followup_owner=world.kahak_governorate, **elsewhere),
        # Kahak's: linked to a village of Kahak, followed up by Qom
        "placed": world.resolution(followup_owner=world.qom_governorate, places=[world.fordo]),
        # Kahak's: its responsible body sits in Kahak
        "body": world.resolution(
            followup_owner=world.secretariat_org, places=[world.province], responsible_body=local
        ),
        # Qom's only
        "outside": world.resolution(followup_owner=world.qom_governorate, **elsewhere),
        # the province's only: no county governorate sees it
        "province": world.resolution(
            followup_owner=world.secretariat_org, places=[world.province], deadline=None
        ),
    }


def test_a_county_governorate_reads_its_own_stored_unit(world: World) -> None:
    county = world.users["county"]
    today = TODAY.date()
    kahak = world.kahak_governorate.pk
    assert stored_unit(county, ReportFilter(), today) == tallied.unit_of(kahak, None)
    assert stored_unit(county, ReportFilter(fiscal_year=1405), today) == tallied.unit_of(
        kahak, 1405
    )
    assert stored_unit(world.users["deputy"], ReportFilter(fiscal_year=1405), today) == 1405
    assert stored_unit(world.users["deputy"], ReportFilter(), today) == 0


def test_a_county_governorate_sees_exactly_what_it_may_see(world: World) -> None:
    made = _every_rule(world)
    for name in ("county", "other_county"):
        user = world.users[name]
        visible = set(resolutions_visible_to(user).values_list("pk", flat=True))
        assert fulfilment(user, ReportFilter()).overall.total == len(visible), name
        for year in (1405, 1406):
            assert_dashboards_as_live(user, ReportFilter(fiscal_year=year))
        assert_dashboards_as_live(user)
    kahak = {made[n].pk for n in ("owned", "placed", "body")}
    assert set(resolutions_visible_to(world.users["county"]).values_list("pk", flat=True)) == kahak
    # and the stored rows put each resolution in the same scopes as that rule
    scopes = tallied.load_scopes()
    for resolution in Resolution.objects.prefetch_related("places"):
        paths = [place.path for place in resolution.places.all()]
        seen = scopes.of(resolution.followup_owner_id, resolution.responsible_body_id, paths)
        assert (world.kahak_governorate.pk in seen) == (resolution.pk in kahak)


def test_a_body_moved_to_another_county_moves_its_resolutions(world: World) -> None:
    """No resolution is written: the organizations' places are part of every row's stamp."""
    made = _every_rule(world)
    county, other = world.users["county"], world.users["other_county"]
    assert fulfilment(county, ReportFilter()).overall.total == 3
    assert fulfilment(other, ReportFilter()).overall.total == 3
    Organization.objects.filter(code="KAHAK-WATER").update(place=world.qom)
    assert fulfilment(county, ReportFilter()).overall.total == 2
    assert fulfilment(other, ReportFilter()).overall.total == 4
    assert_dashboards_as_live(county)
    assert_dashboards_as_live(other)
    assert made["body"].pk in set(resolutions_visible_to(other).values_list("pk", flat=True))


def test_one_filter_of_the_province_wide_staff_reads_its_stored_unit(world: World) -> None:
    deputy, today = world.users["deputy"], TODAY.date()
    for wanted, kind, pk in (
        (ReportFilter(county=world.kahak), tallied.Filter.COUNTY, world.kahak.pk),
        (ReportFilter(body=world.roads), tallied.Filter.BODY, world.roads.pk),
        (ReportFilter(category=world.category), tallied.Filter.CATEGORY, world.category.pk),
    ):
        scope = tallied.filter_scope(kind, pk)
        assert scope is not None
        assert stored_unit(deputy, wanted, today) == tallied.unit_of(scope, None)
        # the credit dashboard's year picks funding lines: the same unit
        with_year = dataclasses.replace(wanted, fiscal_year=1405)
        assert stored_unit(deputy, with_year, today, by_deadline_year=False) == (
            tallied.unit_of(scope, None)
        )


def test_anything_else_is_counted_live(world: World) -> None:
    today = TODAY.date()
    county, deputy = world.users["county"], world.users["deputy"]
    for wanted in (
        ReportFilter(county=world.kahak),
        ReportFilter(body=world.roads),
        ReportFilter(category=world.category),
        ReportFilter(fiscal_year=1390),  # not a year the dashboards offer
    ):
        assert stored_unit(county, wanted, today) is None
    for wanted in (
        ReportFilter(fiscal_year=1390),
        ReportFilter(county=world.kahak, body=world.roads),  # one filter at a time
        ReportFilter(body=world.roads, category=world.category),
        ReportFilter(category=world.category, fiscal_year=1405),  # a filter: every year
        ReportFilter(county=world.fordo),  # a village: the filter takes counties
    ):
        assert stored_unit(deputy, wanted, today) is None
    for name in ("officer", "council", "outsider"):
        assert stored_unit(world.users[name], ReportFilter(), today) is None
    # two memberships: the union of two views is not a stored unit
    both = User.objects.create_user(username="county-and-roads", password="x-test-password-1")
    Membership.objects.create(user=both, organization=world.kahak_governorate, role=Role.COUNTY)
    Membership.objects.create(user=both, organization=world.roads, role=Role.OFFICER)
    assert stored_unit(both, ReportFilter(), today) is None
    # the COUNTY role in an organization that is not a county governorate
    odd = User.objects.create_user(username="odd-county", password="x-test-password-1")
    Membership.objects.create(user=odd, organization=world.council_org, role=Role.COUNTY)
    assert stored_unit(odd, ReportFilter(), today) is None
    _every_rule(world)
    assert_dashboards_as_live(both)
    assert_dashboards_as_live(odd)
    assert_dashboards_as_live(deputy, ReportFilter(body=world.roads, category=world.category))


def test_a_filtered_dashboard_shows_what_counting_live_shows(world: World) -> None:
    made = _every_rule(world)
    # in both counties, with no category and no responsible body
    both = world.resolution(
        places=[world.fordo, world.qom_city], category=None, responsible_body=None
    )
    deputy = world.users["deputy"]
    in_kahak = fulfilment(deputy, ReportFilter(county=world.kahak)).overall.total
    in_qom = fulfilment(deputy, ReportFilter(county=world.qom)).overall.total
    assert (in_kahak, in_qom) == (2, 3)  # placed and both; owned, outside and both
    assert fulfilment(deputy, ReportFilter(body=world.gas)).overall.total == 2
    for wanted in (
        ReportFilter(county=world.kahak),
        ReportFilter(county=world.qom),
        ReportFilter(body=world.gas),
        ReportFilter(body=world.roads),
        ReportFilter(category=world.category),
    ):
        assert stored_unit(deputy, wanted, TODAY.date()) is not None
        assert_dashboards_as_live(deputy, wanted)
    assert {made["placed"].pk, both.pk} == set(
        Resolution.objects.filter(places__path__startswith=world.kahak.path).values_list(
            "pk", flat=True
        )
    )
    # The credit dashboard's year picks the funding lines from the filter's slices (the
    # others count a filter with a year live).
    for resolution, year in ((made["owned"], 1404), (made["outside"], 1405), (both, 1405)):
        services.funding_line_add(
            actor=world.users["secretariat"],
            resolution=resolution,
            source=FundingSource.NATIONAL,
            fiscal_year=year,
            approved=2_000_000_000,
            allocated=900_000_000,
        )
    for year in (1404, 1405):
        for wanted in (ReportFilter(county=world.qom), ReportFilter(body=world.gas)):
            assert_dashboards_as_live(deputy, dataclasses.replace(wanted, fiscal_year=year))
    assert [row.resolutions for row in credit_by_year(deputy, ReportFilter(body=world.gas))] == [
        1,
        1,
    ]


def test_an_id_beyond_the_filters_span_is_counted_live(world: World) -> None:
    """Its units would be another filter's: it is never stored."""
    large = Category.objects.create(pk=tallied.FILTER_SPAN, code="large", name="بزرگ")
    world.resolution(category=large)
    deputy = world.users["deputy"]
    wanted = ReportFilter(category=large)
    assert tallied.filter_scope(tallied.Filter.CATEGORY, large.pk) is None
    assert stored_unit(deputy, wanted, TODAY.date()) is None
    assert fulfilment(deputy, wanted).overall.total == 1
    assert_dashboards_as_live(deputy, wanted)
    assert_dashboards_as_live(deputy, ReportFilter(county=world.kahak))


def test_a_clean_county_dashboard_counts_nothing(
    world: World, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    _every_rule(world)
    county = world.users["county"]
    fulfilment(county, ReportFilter(fiscal_year=1405))
    # the scopes, the stamps, the highest id, the counties, the trips' resolutions and
    # places, their titles, the bodies' and categories' names: nothing counted
    with django_assert_max_num_queries(12):  # type: ignore[attr-defined]
        figures = fulfilment(county, ReportFilter(fiscal_year=1405))
    assert figures.overall.total == 3


def test_a_write_recounts_its_block_slices_with_it(world: World) -> None:
    made = _every_rule(world)
    county = world.users["county"]
    assert fulfilment(county, ReportFilter()).overall.cancelled == 0
    services.resolution_change_status(
        actor=world.users["secretariat"],
        resolution=Resolution.objects.get(pk=made["placed"].pk),
        status="cancelled",
        reason="ناممکن",
    )
    assert fulfilment(county, ReportFilter()).overall.cancelled == 1
    block = made["placed"].pk // BLOCK_SIZE
    stamp = Tally.objects.get(kind=TallyKind.DASH, key=block).stamp
    # The block's own slices: on PostgreSQL ids run on from earlier tests, so the five
    # resolutions may straddle two blocks, each with its own stamp.
    slices = Tally.objects.filter(
        kind=TallyKind.SLICE,
        key__gte=tallied.slice_key(0, block),
        key__lt=tallied.slice_key(0, block + 1),
    )
    assert slices.exists()
    assert set(slices.values_list("stamp", flat=True)) == {stamp}
    assert_dashboards_as_live(county)


def test_a_slice_no_longer_held_is_dropped(world: World) -> None:
    resolution = world.resolution(deadline=datetime.date(2027, 6, 1))  # fiscal year 1406
    deputy = world.users["deputy"]
    assert fulfilment(deputy, ReportFilter(fiscal_year=1406)).overall.total == 1
    key = tallied.slice_key(1406, resolution.pk // BLOCK_SIZE)
    assert Tally.objects.filter(kind=TallyKind.SLICE, key=key).exists()
    services.resolution_revise_deadline(
        actor=world.users["secretariat"],
        resolution=resolution,
        new_date=datetime.date(2026, 12, 1),
        reason="تمدید",
    )
    assert fulfilment(deputy, ReportFilter(fiscal_year=1406)).overall.total == 0
    assert not Tally.objects.filter(kind=TallyKind.SLICE, key=key).exists()
    assert_dashboards_as_live(deputy, ReportFilter(fiscal_year=1406))


def test_a_filter_slice_no_longer_held_is_dropped(world: World) -> None:
    resolution = world.resolution()
    deputy = world.users["deputy"]
    wanted = ReportFilter(category=world.category)
    assert fulfilment(deputy, wanted).overall.total == 1
    scope = tallied.filter_scope(tallied.Filter.CATEGORY, world.category.pk)
    assert scope is not None
    key = tallied.slice_key(tallied.unit_of(scope, None), resolution.pk // BLOCK_SIZE)
    assert Tally.objects.filter(kind=TallyKind.SLICE, key=key).exists()
    services.resolution_update_details(
        actor=world.users["secretariat"],
        resolution=resolution,
        expected_version=resolution.version,
        category=None,
    )
    assert fulfilment(deputy, wanted).overall.total == 0
    assert not Tally.objects.filter(kind=TallyKind.SLICE, key=key).exists()
    assert_dashboards_as_live(deputy, wanted)


def test_a_clean_filtered_dashboard_counts_nothing(
    world: World, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    _every_rule(world)
    deputy = world.users["deputy"]
    fulfilment(deputy, ReportFilter(body=world.gas))
    # as a county governorate's (above)
    with django_assert_max_num_queries(12):  # type: ignore[attr-defined]
        figures = fulfilment(deputy, ReportFilter(body=world.gas))
    assert figures.overall.total == 2
