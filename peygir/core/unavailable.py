"""A database that has gone away answers 503 with a Persian page, not a 500 traceback.

Every write is one transaction (services are `@transaction.atomic`), so a request that loses
the database mid-way has written nothing; the page says so and asks the user to retry.
`DatabaseUnavailableMiddleware` turns errors raised by views into the 503; `server_error`
(the project's handler500) does the same for errors raised outside views (a middleware
reading the session). Neither touches the database while answering.
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """Return the 503 for a request that could not reach the database."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        detail = _(
            "The database is temporarily unavailable; nothing was saved half-way. "
            "Try again in a minute."
        )
        response = JsonResponse({"detail": detail}, status=503)
    else:
        html = render_to_string(
            "peygir/unavailable.html",
            {
                "language": get_language(),
                "direction": "rtl" if get_language_bidi() else "ltr",
                "retry_after": RETRY_AFTER_SECONDS,
            },
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when a view fails because the database cannot be reached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning(
            "Database unavailable during %s %s: %s", request.method, request.path, exception
        )
        return unavailable_response(request)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """Django's 500 page, except that a lost database gets the 503 (the handler500)."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    return defaults.server_error(request, template_name)
