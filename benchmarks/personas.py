"""Time the staff list and search as users who see part of the rows, on a generated database.

    DATABASE_URL=... PEYGIR_DEBUG=0 PEYGIR_SSL_REDIRECT=0 DJANGO_SETTINGS_MODULE=peygir.settings \\
        .venv/bin/python benchmarks/personas.py

`peygir bench` times the pages as the province-wide secretariat. This adds the two users
whose lists take other shapes (`resolutions.selectors`): an officer of QM-ROADS (an
executive body: 23 104 rows at 1 M, SOME) and the county governorate of FG-JAFARABAD
(337 012 rows, MANY). It makes them (users `bench-officer`, `bench-county`) if missing,
then prints wall p50 and the slowest of 12 views after one warm-up, and CPU p50, in-process
with Django's test client. Needs `peygir generate`'s data (those organizations).
"""

import statistics
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from peygir.accounts.models import Membership, Role, User  # noqa: E402
from peygir.core.serving import settle_for_serving  # noqa: E402
from peygir.organizations.models import Organization  # noqa: E402

VIEWS = [("list", "/staff/resolutions/"), ("search", "/staff/resolutions/?q=آسفالت راه")]


def persona(username: str, code: str, role: str) -> Client:
    user, _ = User.objects.get_or_create(username=username)
    organization = Organization.objects.get(code=code)
    Membership.objects.get_or_create(user=user, organization=organization, role=role)
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    settings.DEBUG = False  # no query logging while measuring
    settle_for_serving()  # as gunicorn's workers are (peygir/wsgi.py)
    people = {
        "officer QM-ROADS": persona("bench-officer", "QM-ROADS", Role.OFFICER),
        "county FG-JAFARABAD": persona("bench-county", "FG-JAFARABAD", Role.COUNTY),
    }
    for name, client in people.items():
        for label, url in VIEWS:
            client.get(url)
            walls, cpus = [], []
            for _ in range(12):
                started, cpu = time.perf_counter(), time.process_time()
                status = client.get(url).status_code
                walls.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            print(
                f"{name:22} {label:7} HTTP {status}  wall p50 {statistics.median(walls):7.1f} "
                f"max {max(walls):7.1f} ms  CPU p50 {statistics.median(cpus):6.1f} ms"
            )


if __name__ == "__main__":
    main()
