"""WSGI entry point for gunicorn: `gunicorn peygir.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peygir.settings")
application = get_wsgi_application()
