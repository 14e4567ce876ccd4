"""Sign in and out of Peygir: password, then a two-step code for accounts that have one.

The staff pages and the admin share this one door (the admin's own login page sends here),
so the lockout, the two-step rule and the audit log cover both. Until the code is accepted
the session holds only a pending sign-in, never the user.
"""

import time
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from peygir.accounts import two_factor
from peygir.accounts.audit import Origin, login_event_record, origin_of
from peygir.accounts.forms import NO_ADMIN_ACCESS, CodeForm
from peygir.accounts.models import LoginEventKind, User
from peygir.workspace import lockout
from peygir.workspace.forms import LoginForm

PENDING_KEY = "peygir_pending_login"
PENDING_SECONDS = 5 * 60


def safe_next_url(request: HttpRequest) -> str:
    """The page to go to after signing in: ?next= if it is on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("workspace:home")


def _enrol_url(next_url: str) -> str:
    return f"{reverse('workspace:two_factor')}?{urlencode({'next': next_url})}"


def _complete(request: HttpRequest, user: User, origin: Origin, state: str) -> None:
    login(request, user)
    two_factor.mark_session(request, state)
    lockout.login_failures_clear(username=user.get_username())
    login_event_record(kind=LoginEventKind.SUCCEEDED, origin=origin, user=user)


def code_failure_record(*, user: User, origin: Origin) -> bool:
    """Count a wrong code in the lockout and the audit log; return True if now locked."""
    username = user.get_username()
    lockout.login_failure_record(username=username, ip_address=origin.ip_address)
    login_event_record(kind=LoginEventKind.CODE_FAILED, origin=origin, user=user)
    return lockout.login_is_locked(username=username, ip_address=origin.ip_address)


def _password_accepted(request: HttpRequest, user: User, origin: Origin) -> HttpResponse:
    next_url = safe_next_url(request)
    request.session.pop(PENDING_KEY, None)  # an earlier, unfinished sign-in is forgotten
    if two_factor.has_device(user):
        request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": getattr(user, "backend", ""),
            "next": next_url,
            "at": int(time.time()),
        }
        return redirect("workspace:login_code")
    _complete(request, user, origin, two_factor.PASSWORD_ONLY)
    if two_factor.two_factor_required(user):
        return HttpResponseRedirect(_enrol_url(next_url))
    return HttpResponseRedirect(next_url)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(safe_next_url(request))
    origin = origin_of(request)
    form = LoginForm(request, data=request.POST or None, ip_address=origin.ip_address)
    if request.method == "POST":
        if form.is_valid():
            return _password_accepted(request, form.get_user(), origin)
        username = str(request.POST.get("username", ""))
        if username:
            kind = (
                LoginEventKind.LOCKED_OUT
                if form.refused_while_locked
                else LoginEventKind.PASSWORD_FAILED
            )
            user = User.objects.filter(username=username).first()
            login_event_record(kind=kind, origin=origin, username=username, user=user)
    status = 429 if form.locked else 200
    return render(
        request,
        "workspace/login.html",
        {"form": form, "next": safe_next_url(request)},
        status=status,
    )


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending: dict[str, Any] | None = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None
    return user, pending


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code_view(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the authenticator app, counted in the lockout."""
    found = _pending(request)
    if found is None:
        return redirect("workspace:login")
    user, pending = found
    origin = origin_of(request)
    form = CodeForm(request.POST or None)
    locked = False
    if request.method == "POST" and form.is_valid():
        username = user.get_username()
        if lockout.login_is_locked(username=username, ip_address=origin.ip_address):
            locked = True
            login_event_record(kind=LoginEventKind.LOCKED_OUT, origin=origin, user=user)
        elif two_factor.code_verify(user=user, code=form.cleaned_data["code"]):
            del request.session[PENDING_KEY]
            user.backend = pending["backend"]
            _complete(request, user, origin, two_factor.VERIFIED)
            return HttpResponseRedirect(pending["next"])
        else:
            locked = code_failure_record(user=user, origin=origin)
        if locked:
            # Start again from the password once the lock has passed.
            request.session.pop(PENDING_KEY, None)
        form.refuse(locked=locked)
    return render(
        request, "accounts/login_code.html", {"form": form}, status=429 if locked else 200
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        login_event_record(
            kind=LoginEventKind.LOGGED_OUT,
            origin=origin_of(request),
            user=request.user,  # type: ignore[arg-type]
        )
    logout(request)
    return redirect("workspace:login")


@never_cache
def admin_login_view(request: HttpRequest) -> HttpResponse:
    """The admin's login page: the same door as the staff pages (lockout, code, audit)."""
    next_url = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        # Django's admin sends a signed-in user without admin access here; say so, no loop.
        if not admin.site.has_permission(request):
            raise PermissionDenied(NO_ADMIN_ACCESS)
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(f"{reverse('workspace:login')}?{urlencode({'next': next_url})}")
