"""Who may open the dashboards: the governorate's secretariat, the deputies, the county
governorates, and administrators. Every figure is then counted over what that user may see."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope

View = Callable[..., HttpResponseBase]
REPORT_ROLES = frozenset({Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY})


def may_see_reports(user: User | AnonymousUser) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.roles & REPORT_ROLES)


def reports_required(view: View) -> View:
    """Signed in as the secretariat, a deputy, a county governorate or an administrator."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_see_reports(request.user):
            raise PermissionDenied(
                _("The dashboards are for the governorate, its deputies and the counties.")
            )
        return view(request, *args, **kwargs)

    return wrapper
