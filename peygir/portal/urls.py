from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from peygir.portal import feeds, opendata, subscribe, views
from peygir.portal.sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("promises/<str:code>/", views.promise, name="promise"),
    path("promises/<str:code>/print/", views.promise_print, name="promise-print"),
    path("promises/<str:code>/photos/<int:pk>/", views.promise_photo, name="promise-photo"),
    path("places/<str:code>/", views.place, name="place"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<str:code>/", views.body, name="body"),
    path("trips/", views.sources, name="sources"),
    path("trips/<str:code>/", views.source, name="source"),
    path("news/", views.news, name="news"),
    path("news/<int:pk>/", views.article, name="article"),
    path("search/", views.search, name="search"),
    path("subscribe/", subscribe.subscribe, name="subscribe"),
    path("subscribe/sent/", subscribe.subscription_sent, name="subscription-sent"),
    path(
        "subscribe/confirm/<str:token>/",
        subscribe.subscription_confirm,
        name="subscription-confirm",
    ),
    path("unsubscribe/<str:token>/", subscribe.unsubscribe, name="unsubscribe"),
    path("data/", views.opendata, name="opendata"),
    path("data/promises.csv", opendata.promises_csv, name="promises-csv"),
    path("data/promises.json", opendata.promises_json, name="promises-json"),
    path("feeds/places/<str:code>.atom", feeds.PlaceFeed(), name="place-feed"),
    path("feeds/bodies/<str:code>.atom", feeds.BodyFeed(), name="body-feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "portal:sitemap-section",
            "template_name": "portal/sitemap_index.xml",
        },
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "portal/sitemap.xml"},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots, name="robots"),
]
