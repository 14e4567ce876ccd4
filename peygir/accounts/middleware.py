"""Hold a signed-in session to the two-step rule before it reaches any page.

An administrator without a device is sent to enrol, whatever page they asked for, the
admin's included. A session that never gave a code for a user who has a device (one signed
in before the device was added) is signed out. Sessions that passed the code cost no query.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from peygir.accounts import two_factor

# The pages a session may reach before it satisfies the rule: signing in and out, enrolling.
OPEN_VIEWS = frozenset(
    {
        "workspace:login",
        "workspace:login_code",
        "workspace:logout",
        "workspace:two_factor",
        "admin_login",
        "admin_logout",
        "set_language",
    }
)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if AUTH_SESSION_KEY not in request.session:
            return None
        state = request.session.get(two_factor.SESSION_KEY)
        if state == two_factor.VERIFIED:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        # One small query for sessions without a code: a device added since (from another
        # browser, say) ends them.
        if two_factor.has_device(user):  # type: ignore[arg-type]
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse("workspace:login"))
        if two_factor.two_factor_required(user):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('workspace:two_factor')}?{query}")
        return None
