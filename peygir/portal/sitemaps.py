"""sitemap.xml: every public page, paged by Django's sitemap framework."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.portal import selectors
from peygir.portal.models import Article
from peygir.resolutions.models import Resolution, Source
from peygir.resolutions.selectors import public_resolutions


class PromiseSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "weekly"
    limit = 2000  # a page renders in well under a second at any size

    def items(self) -> QuerySet[Resolution]:
        return public_resolutions().only("tracking_code", "updated_at").order_by("pk")

    def location(self, item: Resolution) -> str:
        return reverse("portal:promise", args=[item.tracking_code])

    def lastmod(self, item: Resolution) -> datetime.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # Django's default walks every item; one aggregate answers the same question.
        latest: datetime.datetime | None = public_resolutions().aggregate(latest=Max("updated_at"))[
            "latest"
        ]
        return latest


class PlaceSitemap(Sitemap):  # type: ignore[type-arg]
    def items(self) -> QuerySet[Place]:
        return Place.objects.only("code").order_by("path")

    def location(self, item: Place) -> str:
        return reverse("portal:place", args=[item.code])


class BodySitemap(Sitemap):  # type: ignore[type-arg]
    def items(self) -> list[Organization]:
        return [body for body, _count in selectors.public_bodies()]

    def location(self, item: Organization) -> str:
        return reverse("portal:body", args=[item.code])


class SourceSitemap(Sitemap):  # type: ignore[type-arg]
    def items(self) -> QuerySet[Source]:
        return selectors.public_sources().only("code")

    def location(self, item: Source) -> str:
        return reverse("portal:source", args=[item.code])


class ArticleSitemap(Sitemap):  # type: ignore[type-arg]
    def items(self) -> QuerySet[Article]:
        return selectors.published_articles().order_by("pk")

    def location(self, item: Article) -> str:
        return reverse("portal:article", args=[item.pk])


class PageSitemap(Sitemap):  # type: ignore[type-arg]
    def items(self) -> list[str]:
        return ["portal:home", "portal:news", "portal:opendata"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {  # type: ignore[type-arg]
    "pages": PageSitemap,
    "promises": PromiseSitemap,
    "places": PlaceSitemap,
    "bodies": BodySitemap,
    "sources": SourceSitemap,
    "news": ArticleSitemap,
}
