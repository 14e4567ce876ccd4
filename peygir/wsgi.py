"""WSGI entry point for gunicorn: `gunicorn peygir.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peygir.settings")
application = get_wsgi_application()

from peygir.core.serving import settle_for_serving  # noqa: E402 (needs the apps loaded)

settle_for_serving()
