"""Atom feeds of the public timeline, per place (with everything below it) and per body."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.portal import selectors
from peygir.portal.timeline import event_summary, public_note
from peygir.resolutions.models import ResolutionEvent


class _TimelineFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    language = "fa"

    def item_title(self, item: ResolutionEvent) -> str:
        return f"{item.resolution.title}: {event_summary(item)}"

    def item_description(self, item: ResolutionEvent) -> str:
        return public_note(item) or event_summary(item)

    def item_link(self, item: ResolutionEvent) -> str:
        return reverse("portal:promise", args=[item.resolution.tracking_code]) + f"#e{item.pk}"

    def item_pubdate(self, item: ResolutionEvent) -> datetime.datetime:
        return item.created_at

    def item_guid(self, item: ResolutionEvent) -> str:
        return f"peygir-event-{item.pk}"


class PlaceFeed(_TimelineFeed):
    def get_object(self, request: HttpRequest, code: str) -> Place:  # type: ignore[override]
        return selectors.place_get(code)

    def title(self, obj: Place) -> str:
        return _("Promises in %(place)s") % {"place": obj.name}

    def link(self, obj: Place) -> str:
        return reverse("portal:place", args=[obj.code])

    def subtitle(self, obj: Place) -> str:
        return _("Updates on the public promises of %(place)s") % {"place": obj.name}

    def items(self, obj: Place) -> list[ResolutionEvent]:
        return selectors.public_events_within(selectors.promises_in_place(obj))


class BodyFeed(_TimelineFeed):
    def get_object(self, request: HttpRequest, code: str) -> Organization:  # type: ignore[override]
        return selectors.body_get(code)

    def title(self, obj: Organization) -> str:
        return _("Promises of %(body)s") % {"body": obj.name}

    def link(self, obj: Organization) -> str:
        return reverse("portal:body", args=[obj.code])

    def subtitle(self, obj: Organization) -> str:
        return _("Updates on the public promises of %(body)s") % {"body": obj.name}

    def items(self, obj: Organization) -> list[ResolutionEvent]:
        return selectors.public_events_within(selectors.promises_of_body(obj))
