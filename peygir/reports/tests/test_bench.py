"""The benchmark's dashboard timings run over generated data (figures are never asserted)."""

import pytest

from peygir.bench.generate import generate
from peygir.followup.models import FollowupAction
from peygir.reports.bench import bench_timings, top_up
from peygir.resolutions.models import FundingLine


@pytest.mark.django_db
def test_top_up_is_idempotent_and_every_dashboard_answers() -> None:
    generate(resolutions=30, actions_per_resolution=3)
    # The letters dashboard's replies come from the generator, not the top-up.
    assert FollowupAction.objects.filter(in_reply_to__isnull=False).exists()
    added = top_up()
    assert added["funding_lines"] == FundingLine.objects.count() > 0
    assert top_up() == {"funding_lines": 0, "done_events": 0}
    timings = bench_timings(1)
    assert len(timings) == 25
    names = [t.name for t in timings]
    for what in ("county", "body", "category"):
        for how in ("first view", "kept"):
            assert f"dashboard: fulfilment, one {what}, {how} (deputy)" in names
    assert all(t.note.endswith("queries") for t in timings)
