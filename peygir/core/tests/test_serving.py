"""A gunicorn worker settles before serving: its start-up objects are kept out of full GC passes."""

import os
import subprocess
import sys

SHOW = (
    "import gc; import peygir.wsgi; "
    "from django.urls import get_resolver; "
    "print(gc.get_freeze_count(), len(get_resolver()._reverse_dict) > 0)"
)


def test_importing_the_wsgi_application_loads_the_urls_and_freezes_what_is_loaded() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "peygir.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, urls_loaded = result.stdout.split()
    # Django, Peygir's models and its URLconf: well over 100 000 objects (none before).
    assert int(frozen) > 100_000 and urls_loaded == "True"
