"""What every workspace view shares: the staff gate, the one permission-checked fetch,
list filters and pagination, and turning a service's refusal into form errors."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import Scope, user_scope
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, require
from peygir.resolutions.selectors import resolution_get_for_user, sources_visible_to
from peygir.workspace.forms import ResolutionFilterForm
from peygir.workspace.pagination import CappedPaginator

PAGE_SIZE = 25
View = Callable[..., HttpResponseBase]
StrOrPromise = str | Promise
_STAFF_ROLES = frozenset({Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY, Role.OFFICER})


def gate(allowed: Callable[[Scope], bool], refusal: StrOrPromise) -> Callable[[View], View]:
    """A view decorator: signed in, and `allowed` by the user's scope; everyone else is
    refused with `refusal`, a Persian 403."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(user_scope(request.user)):
                raise PermissionDenied(str(refusal))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Signed in and holding a staff role.
staff_required = gate(
    lambda scope: scope.is_superuser or bool(scope.roles & _STAFF_ROLES),
    gettext_lazy("This page is for the staff who follow up resolutions."),
)
# Only the secretariat, the deputy and administrators: the province-wide pages.
province_required = gate(
    lambda scope: scope.province_wide,
    gettext_lazy("Only the governorate's secretariat and deputies may do this."),
)


def resolution_for(request: HttpRequest, pk: int, action: Action) -> Resolution:
    """The one permission-checked fetch: 404 if it cannot be seen, 403 if it cannot be acted on."""
    resolution = resolution_get_for_user(request.user, pk)
    require(request.user, action, resolution)
    return resolution


# Trips offered in the list's drop-down: a province accumulates thousands, and rendering
# every one as an <option> cost more than the whole list (each trip's page lists its own).
SOURCE_CHOICES = 200


def filter_form(request: HttpRequest) -> ResolutionFilterForm:
    # Plain (date, id, title) rows: the trips' other columns (minutes, summaries) are never shown.
    sources = sources_visible_to(request.user, walking=True).values_list(
        "start_date", "pk", "title"
    )
    offered = list(sources.order_by("-start_date", "-id")[:SOURCE_CHOICES])
    chosen = request.GET.get("source", "")
    if chosen.isdigit() and all(pk != int(chosen) for _date, pk, _title in offered):
        offered += sources.filter(pk=int(chosen))  # still only among the user's visible trips
        offered.sort(reverse=True)
    return ResolutionFilterForm(
        request.GET or None, sources=[(pk, title) for _date, pk, title in offered]
    )


def paginate(
    request: HttpRequest, queryset: QuerySet[Resolution], *, longer_than_cap: bool = False
) -> Page[Resolution]:
    """One page of a list; a list longer than a thousand rows is never counted to its end,
    nor counted at all when the caller knows it is `longer_than_cap`."""
    paginator = CappedPaginator(queryset, PAGE_SIZE)
    if longer_than_cap:
        paginator.__dict__["count"] = paginator.cap + 1  # fills the cached count
    return paginator.get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string minus `names`, for pagination and sorting links."""
    pairs = [(k, v) for k, v in request.GET.items() if k not in names and v]
    return urlencode(pairs)


def apply_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def actor(request: HttpRequest) -> User:
    """The signed-in user, for the services (every workspace view requires a sign-in)."""
    user = request.user
    assert isinstance(user, User)
    return user
