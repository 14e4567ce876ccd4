"""`peygir worker`: the one background process. It sweeps on a schedule, queues the weekly
digests, and delivers due notifications, webhooks and subscription updates, until SIGTERM
or SIGINT stops it cleanly.

Several workers may run against PostgreSQL: sweep steps and email claims are taken by
single-row writes that only one worker can win.
"""

import json
import logging
import signal
import threading
import time
from io import StringIO
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import InterfaceError, OperationalError, close_old_connections, connection

from peygir.followup.conf import env_int
from peygir.followup.sweep import sweep
from peygir.notifications.digest import digests_queue
from peygir.notifications.services import notifications_deliver

logger = logging.getLogger(__name__)
# Each round also runs these one-pass commands; the report each prints when it did nothing.
# tallies_refresh recounts the overview's stored tallies that writes (or a new day) made
# dirty, so the overview finds them clean instead of counting while someone waits.
PASSES = ("deliver_webhooks", "send_subscription_updates", "tallies_refresh")
QUIET = {
    "deliver_webhooks": "queued 0, delivered 0, retrying 0, failed 0",
    "send_subscription_updates": "events=0 queued=0 sent=0 failed=0",
    "tallies_refresh": "recounted 0",
}


# What the worker passes to them: a new day's recount of every stored tally takes minutes
# at 1 M; shared among rounds, it leaves the deliveries between them waiting seconds.
def _pass_options() -> dict[str, dict[str, Any]]:
    return {"tallies_refresh": {"seconds": env_int("PEYGIR_RECOUNT_SECONDS", 20)}}


# The longest pause between tries while the database is unreachable.
MAX_OUTAGE_PAUSE = 30.0


class Command(BaseCommand):
    help = "Run the sweep on a schedule and deliver notifications; stop on SIGTERM."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=env_int("PEYGIR_SWEEP_SECONDS", 3600),
            help="Seconds between sweeps (default PEYGIR_SWEEP_SECONDS or 3600).",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=env_int("PEYGIR_DELIVERY_SECONDS", 15),
            help="Seconds between deliveries of due notifications (default 15).",
        )
        parser.add_argument("--once", action="store_true", help="Do one round and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            logger.info("Worker got signal %s; stopping after the current step.", signum)
            stop.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._loop(stop, options["sweep_every"], options["poll"], options["once"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(json.dumps({"worker": "stopped"}))

    def _loop(self, stop: threading.Event, sweep_every: float, poll: float, once: bool) -> None:
        next_sweep = time.monotonic()
        outage = 0  # consecutive rounds without the database
        while not stop.is_set():
            try:
                # Drop a connection the database closed meanwhile (never inside a transaction:
                # there, as in tests, closing would throw the transaction away).
                if not connection.in_atomic_block:
                    close_old_connections()
                next_sweep = self._round(next_sweep, sweep_every)
            except (OperationalError, InterfaceError) as error:
                # The database went away (a restart, a failover): keep the process, drop the
                # broken connection, and try again with a growing pause. Nothing is lost: a
                # round's work is rows that stay due until a round completes.
                outage += 1
                wait = min(poll * 2 ** (outage - 1), MAX_OUTAGE_PAUSE)
                logger.warning(
                    "Database unavailable (round %s): %s; retrying in %.1f s", outage, error, wait
                )
                if not connection.in_atomic_block:
                    connection.close()
                if once:
                    raise
                stop.wait(wait)
                continue
            if outage:
                logger.info("Database back after %s failed rounds.", outage)
                self.stdout.write(json.dumps({"database": "back", "failed_rounds": outage}))
                outage = 0
            if once:
                return
            stop.wait(poll)

    def _round(self, next_sweep: float, sweep_every: float) -> float:
        """Sweep when due, deliver what is due; return when the next sweep is due."""
        if time.monotonic() >= next_sweep:
            summary = sweep()
            summary["digests"] = digests_queue()
            self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))
            next_sweep = time.monotonic() + sweep_every
        delivered = notifications_deliver()
        if delivered["sent"] or delivered["failed"]:
            self.stdout.write(json.dumps({"delivered": delivered}))
        self._passes()
        return next_sweep

    def _passes(self) -> None:
        """Run the other apps' delivery passes: webhooks, and citizens' subscription mail.

        Called by name, so that the worker imports neither the API layer nor the portal.
        """
        options = _pass_options()
        for command in PASSES:
            out = StringIO()
            call_command(command, stdout=out, **options.get(command, {}))
            report = out.getvalue().strip()
            if report != QUIET.get(command):
                self.stdout.write(json.dumps({command: report}, ensure_ascii=False))
