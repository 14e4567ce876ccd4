"""Subscriptions by email: ask (double opt-in), confirm by a signed link, leave in one click."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from peygir.portal import selectors, services
from peygir.portal.forms import SubscribeForm
from peygir.portal.models import Subscription, SubscriptionTarget
from peygir.portal.tokens import read_confirm_token, read_unsubscribe_token


def subscribe_form(target: str, code: str) -> SubscribeForm:
    return SubscribeForm(initial={"target": target, "code": code})


def _target(target: str, code: str) -> services.Target:
    """The public thing a citizen may follow, or 404."""
    if target == SubscriptionTarget.PROMISE:
        return selectors.promise_get(code)
    if target == SubscriptionTarget.PLACE:
        return selectors.place_get(code)
    if target == SubscriptionTarget.BODY:
        return selectors.body_get(code)
    return selectors.source_get(code)


@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/subscribe_invalid.html", {"form": form}, status=400)
    target = _target(form.cleaned_data["target"], form.cleaned_data["code"])
    if not form.cleaned_data["website"]:
        services.subscription_request(email=form.cleaned_data["email"], target=target)
    return redirect("portal:subscription-sent")


def subscription_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/subscription_sent.html")


def _subscription(pk: int | None) -> Subscription:
    subscription = Subscription.objects.filter(pk=pk).first() if pk else None
    if subscription is None:
        raise Http404
    return subscription


@require_http_methods(["GET", "HEAD"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    pk = read_confirm_token(token)
    if pk is None:
        return render(request, "portal/link_invalid.html", status=400)
    subscription = services.subscription_confirm(subscription=_subscription(pk))
    return render(request, "portal/subscription_confirmed.html", {"subscription": subscription})


# Mail clients send the RFC 8058 one-click POST without a CSRF token; the signed link is the
# proof that the request comes from the address's owner.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    pk = read_unsubscribe_token(token)
    if pk is None:
        return render(request, "portal/link_invalid.html", status=400)
    subscription = services.subscription_unsubscribe(subscription=_subscription(pk))
    return render(request, "portal/unsubscribed.html", {"subscription": subscription})
