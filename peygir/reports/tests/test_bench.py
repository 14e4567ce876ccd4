"""The benchmark's dashboard timings run over generated data (figures are never asserted)."""

from unittest.mock import patch

import pytest
from django.conf import settings
from django.db.models import F
from django.test import override_settings

from peygir.bench.generate import generate
from peygir.followup.models import FollowupAction
from peygir.reports.bench import bench_timings, top_up
from peygir.resolutions.models import FundingLine
from peygir.tallies.models import Recount, Tally


@pytest.mark.django_db
def test_top_up_is_idempotent_and_every_dashboard_answers() -> None:
    generate(resolutions=30, actions_per_resolution=3)
    # The letters dashboard's replies come from the generator, not the top-up.
    assert FollowupAction.objects.filter(in_reply_to__isnull=False).exists()
    added = top_up()
    assert added["funding_lines"] == FundingLine.objects.count() > 0
    assert top_up() == {"funding_lines": 0, "done_events": 0}
    with override_settings(DEBUG=True):
        timings = bench_timings(1)
        assert settings.DEBUG  # measured with DEBUG off, then put back
    assert len(timings) == 24
    names = [t.name for t in timings]
    for what in ("county", "body", "category"):
        assert f"dashboard: fulfilment, one {what} (deputy)" in names
    for how in ("first view", "kept"):
        assert f"dashboard: fulfilment, county and body, {how} (deputy)" in names
    assert all(t.note.endswith("queries") for t in timings)


@pytest.mark.django_db
def test_a_top_up_is_recounted_before_the_dashboards_are_timed() -> None:
    # As the worker would: timing pages that count every row in the request measured the
    # missing worker (at 1 M, minutes for the Excel download), not the dashboards.
    generate(resolutions=30, actions_per_resolution=3)
    seen: list[tuple[bool, int]] = []

    def first_view_sees(*args: object, **kwargs: object) -> list[object]:
        dirty = Tally.objects.exclude(computed_seq=F("seq")).count()
        seen.append((Recount.objects.exists(), dirty))
        return []

    with patch("peygir.reports.bench.dashboard_timings", first_view_sees):
        bench_timings(1)
    assert seen == [(True, 0)]
