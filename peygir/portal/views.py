"""The public pages. Each starts with one fetch of public data (404 otherwise), then renders.

There is no login on the portal: every view reads through portal.selectors, which only ever
returns published promises and public events.
"""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from peygir.portal import pagecache, selectors
from peygir.portal.charts import bar_chart
from peygir.portal.forms import SearchForm
from peygir.portal.search import count_promises, search_articles, search_promises
from peygir.portal.subscribe import subscribe_form
from peygir.portal.timeline import event_summary
from peygir.resolutions.models import Resolution
from peygir.workspace.pagination import CappedPaginator

PAGE_SIZE = 25


class _CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told the total, which the record has already counted."""

    def __init__(self, object_list: QuerySet[Resolution], per_page: int, total: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = total  # fills Paginator.count's cache: no second COUNT(*)


def _record_context(request: HttpRequest, promises: QuerySet[Resolution]) -> dict[str, Any]:
    record = selectors.record_of(promises)
    ordered = selectors.promise_list(promises).order_by("deadline", "pk")
    paginator = _CountedPaginator(ordered, PAGE_SIZE, record.total)
    page: Page[Resolution] = paginator.get_page(request.GET.get("page"))
    return {"record": record, "chart": bar_chart(record), "page": page}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    province = selectors.province()
    record = selectors.province_record()
    counties = list(selectors.counties_of(province)) if province else []
    return render(
        request,
        "portal/home.html",
        {
            "province": province,
            "record": record,
            "chart": bar_chart(record),
            "counties": counties,
            "sources": selectors.with_promise_counts(list(selectors.public_sources()[:10])),
            "bodies": selectors.public_bodies()[:10],
            "articles": selectors.published_articles()[:3],
        },
    )


@require_GET
def place(request: HttpRequest, code: str) -> HttpResponse:
    """A place's meter and promises, from the per-worker cache keyed by its fingerprint."""
    place = selectors.place_get(code)
    template = "portal/place.html"

    def render_page(extra: dict[str, object]) -> HttpResponse:
        context = {
            "place": place,
            "trail": selectors.place_trail(place),
            "children": selectors.place_children(place),
            "subscribe": subscribe_form("place", place.code),
            **_record_context(request, selectors.promises_in_place(place)),
        }
        return render(request, template, {**context, **extra})

    return pagecache.serve(request, template, selectors.place_fingerprint(place), render_page)


@require_GET
def body(request: HttpRequest, code: str) -> HttpResponse:
    body = selectors.body_get(code)
    promises = selectors.promises_of_body(body)
    return render(
        request,
        "portal/body.html",
        {
            "body": body,
            "subscribe": subscribe_form("body", body.code),
            **_record_context(request, promises),
        },
    )


@require_GET
def bodies(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/bodies.html", {"bodies": selectors.public_bodies()})


@require_GET
def source(request: HttpRequest, code: str) -> HttpResponse:
    source = selectors.source_get(code)
    promises = selectors.promises_of_source(source)
    return render(
        request,
        "portal/source.html",
        {
            "source": source,
            "subscribe": subscribe_form("source", source.code),
            **_record_context(request, promises),
        },
    )


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_sources(), 50).get_page(request.GET.get("page"))
    rows = selectors.with_promise_counts(list(page.object_list))
    return render(request, "portal/sources.html", {"page": page, "rows": rows})


def _promise_context(code: str) -> dict[str, Any]:
    promise = selectors.promise_get(code)
    events = list(selectors.public_timeline(promise))
    photos = selectors.public_photos(promise, events)
    timeline = [
        (event, event_summary(event), photos.get(event.data.get("action_id") or 0, []))
        for event in events
    ]
    return {
        "promise": promise,
        "overdue": selectors.is_overdue(promise),
        "timeline": timeline,
        "revisions": promise.approved_revisions,  # type: ignore[attr-defined]
        "articles": selectors.published_articles().filter(resolutions=promise),
        "subscribe": subscribe_form("promise", promise.tracking_code),
    }


def _cached_promise(request: HttpRequest, code: str, template: str) -> HttpResponse:
    """The promise page from the per-worker cache, keyed by its fingerprint (pagecache)."""
    fingerprint = selectors.promise_fingerprint(code)
    if fingerprint is None:  # not public (any more): 404 before any cached copy is looked at
        raise Http404(_("No such public promise."))
    return pagecache.serve(
        request,
        template,
        fingerprint,
        lambda extra: render(request, template, {**_promise_context(code), **extra}),
    )


@require_GET
def promise(request: HttpRequest, code: str) -> HttpResponse:
    return _cached_promise(request, code, "portal/promise.html")


@require_GET
def promise_print(request: HttpRequest, code: str) -> HttpResponse:
    return _cached_promise(request, code, "portal/promise_print.html")


@require_GET
def promise_photo(request: HttpRequest, code: str, pk: int) -> FileResponse:
    photo = selectors.photo_get(code, pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def news(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_articles(), 10).get_page(request.GET.get("page"))
    return render(request, "portal/news.html", {"page": page})


@require_GET
def article(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "portal/article.html", {"article": selectors.article_get(pk)})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context: dict[str, Any] = {"form": form, "query": query}
    if query:
        found = count_promises(query, cap=CappedPaginator.cap)
        promises = search_promises(query, counted=found).order_by("-updated_at", "pk")
        paginator = CappedPaginator(promises, PAGE_SIZE)
        paginator.__dict__["count"] = found  # fills the cached count: no second count
        context["page"] = paginator.get_page(request.GET.get("page"))
        context["articles"] = search_articles(query)[:10]
    return render(request, "portal/search.html", context)


@require_GET
def opendata(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/opendata.html")


@require_http_methods(["GET", "HEAD"])
def robots(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /staff/", "Disallow: /subscribe/"]
    lines.append("Sitemap: " + request.build_absolute_uri("/sitemap.xml"))
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
