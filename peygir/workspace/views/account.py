"""The signed-in user's own two-step sign-in: turn it on with a scanned secret, or off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from peygir.accounts import two_factor
from peygir.accounts.audit import login_event_record, origin_of
from peygir.accounts.forms import TURNED_OFF, TURNED_ON, CodeForm
from peygir.accounts.models import LoginEventKind, User
from peygir.workspace import lockout
from peygir.workspace.views.auth import code_failure_record, safe_next_url


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if two_factor.has_device(user):
        return _turn_off(request, user)
    return _enrol(request, user)


def _enrol(request: HttpRequest, user: User) -> HttpResponse:
    """Show a new secret (once: every visit makes another) and confirm it with a code."""
    form = CodeForm(request.POST or None)
    device = two_factor.device_for(user, confirmed=False)
    if request.method == "POST" and device is not None and form.is_valid():
        if two_factor.device_confirm(
            user=user, code=form.cleaned_data["code"], origin=origin_of(request)
        ):
            two_factor.mark_session(request, two_factor.VERIFIED)
            messages.success(request, TURNED_ON)
            return HttpResponseRedirect(safe_next_url(request))
        login_event_record(kind=LoginEventKind.CODE_FAILED, origin=origin_of(request), user=user)
        form.refuse()
    if device is None or request.method != "POST":
        device = two_factor.device_start(user=user)
    context = {
        "form": form,
        "next": safe_next_url(request),
        "required": two_factor.two_factor_required(user),
        "secret": two_factor.secret_base32(device),
        "otpauth_uri": device.config_url,
        "qr_svg": two_factor.qr_svg(device),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _turn_off(request: HttpRequest, user: User) -> HttpResponse:
    """Turn it off with a current code; wrong codes count in the lockout like at sign-in."""
    form = CodeForm(request.POST or None)
    origin = origin_of(request)
    status = 200
    if request.method == "POST" and form.is_valid():
        if lockout.login_is_locked(username=user.get_username(), ip_address=origin.ip_address):
            login_event_record(kind=LoginEventKind.LOCKED_OUT, origin=origin, user=user)
            form.refuse(locked=True)
            status = 429
        elif two_factor.device_disable(user=user, code=form.cleaned_data["code"], origin=origin):
            two_factor.mark_session(request, two_factor.PASSWORD_ONLY)
            messages.success(request, TURNED_OFF)
            return redirect("workspace:two_factor")
        else:
            locked = code_failure_record(user=user, origin=origin)
            form.refuse(locked=locked)
            status = 429 if locked else 200
    context = {"form": form, "required": two_factor.two_factor_required(user)}
    return render(request, "accounts/two_factor_on.html", context, status=status)
