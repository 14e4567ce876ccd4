"""`peygir worker`: one round with --once; a clean stop on SIGTERM."""

import json
import os
import signal
import threading
from io import StringIO

from django.core.management import call_command

from peygir.conftest import World
from peygir.followup.tests.helpers import j, on
from peygir.notifications.models import Channel, Notification
from peygir.notifications.tests.conftest import SMTP, smtp  # noqa: F401 - the fixture


def test_one_round_sweeps_and_delivers(world: World, smtp: SMTP) -> None:  # noqa: F811
    smtp.start()
    officer = world.users["officer"]
    officer.email = "officer@roads.qom.invalid"
    officer.save(update_fields=["email"])
    with on("1405/03/01"):
        world.resolution(deadline=j("1405/03/20"), next_followup_date=j("1405/03/10"))
    out = StringIO()
    with on("1405/03/21"):
        call_command("worker", "--once", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0]["reminders"] >= 1
    assert lines[0]["digests"] == 2  # the roads directorate and the Kahak governorate
    # The officer's reminder and weekly digest, both out in the same round.
    assert {"delivered": {"sent": 2, "failed": 0}} in lines
    assert lines[-1] == {"worker": "stopped"}
    assert not Notification.objects.filter(channel=Channel.EMAIL, sent_at=None).exists()
    assert len(smtp.inbox.messages) == 2


def test_sigterm_stops_the_worker_cleanly(world: World) -> None:
    out = StringIO()
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    call_command("worker", "--poll", "0.05", stdout=out)
    timer.join()
    assert out.getvalue().splitlines()[-1] == '{"worker": "stopped"}'
    # The handler is put back once the worker is done.
    assert signal.getsignal(signal.SIGTERM) is not None
