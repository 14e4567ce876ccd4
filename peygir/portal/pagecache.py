"""Whole-page caching of public pages, keyed by a fingerprint read from the database.

A cached page is found under a key made of what the page shows that can change (for a
promise, `selectors.promise_fingerprint`: its version, the last public event, the published
comments, the linked articles, today's date), read afresh from the database on every
request in one indexed query. So no write ever has to invalidate anything: the first
request after a public change computes a new key, misses, and renders; the old copy is
never asked for again and ages out. That holds in every gunicorn worker at once, each with
its own in-memory cache (the `pages` cache in settings), with no shared cache server.

A resolution that stops being public has no fingerprint: the view answers 404 before
looking in the cache, so a cached copy of it can never be served.

The page carries forms, and their CSRF token belongs to the visitor: the copy is rendered
with a placeholder where the token goes, and each response gets the visitor's own token
(`get_token`, which also sets the CSRF cookie as rendering would have). The placeholder
starts with "<", which the template's escaping turns into "&lt;" in any text a citizen
or an official typed, so only the token slots can hold it.
"""

import hashlib
from collections.abc import Callable, Hashable

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CACHE = "pages"
# Bounds only what the fingerprint leaves out (a renamed body, place or trip; an edited
# article's title): every change to the promise itself shows on the next request.
SECONDS = 300
CSRF_PLACEHOLDER = mark_safe("<peygir-csrf-token>")


def cache_key(request: HttpRequest, page: str, fingerprint: Hashable) -> str:
    """The key of one page as this visitor's language and address would render it."""
    # The address (scheme and host) is in the page (og:url); the language picks the strings.
    parts = (page, request.build_absolute_uri(request.path), get_language(), fingerprint)
    return f"portal:{page}:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def serve(
    request: HttpRequest,
    page: str,
    fingerprint: Hashable,
    render: Callable[[dict[str, object]], HttpResponse],
) -> HttpResponse:
    """Answer from the cached copy, or render (with the token placeholder) and keep it.

    `render` takes extra context and renders the page; call this only after the
    permission-checked fingerprint said the page exists. A request with a query string is
    rendered afresh and not kept (the key would be the visitor's to choose).
    """
    if request.GET:
        return render({})
    store = caches[CACHE]
    key = cache_key(request, page, fingerprint)
    html: str | None = store.get(key)
    if html is None:
        # Rendered after the fingerprint was read: a write landing in between makes this
        # copy newer than its key, never older, and the next request's key moves on.
        response = render({"csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200:
            return response
        html = response.content.decode(response.charset)
        store.set(key, html, SECONDS)
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
