"""The worker's round also delivers what other apps queue: subscription updates, webhooks."""

import json
from io import StringIO
from typing import Any

from django.core.management import call_command

from peygir.portal.services import subscription_confirm, subscription_request
from peygir.portal.tests.conftest import Portal, portal, smtp  # noqa: F401 - the fixtures
from peygir.resolutions import services
from peygir.resolutions.choices import Status


def test_a_round_mails_subscribers_their_update(portal: Portal, smtp: Any) -> None:  # noqa: F811
    pending = subscription_request(email="citizen@example.org", target=portal.road)
    subscription_confirm(subscription=pending)
    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE
    )
    out = StringIO()
    call_command("worker", "--once", "--sweep-every", "3600", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert any("queued=1 sent=1" in line.get("send_subscription_updates", "") for line in lines)
    (message,) = smtp.wait_for(1)
    assert message["To"] == "citizen@example.org"
    # No webhook subscriber: that pass did nothing and said nothing.
    assert "deliver_webhooks" not in out.getvalue()
    # The next round reads the last minutes' events again (for late commits) and finds
    # nothing new: it says nothing either.
    again = StringIO()
    call_command("worker", "--once", "--sweep-every", "3600", stdout=again)
    assert "send_subscription_updates" not in again.getvalue()
    assert len(smtp.messages) == 1  # and sends nothing twice
