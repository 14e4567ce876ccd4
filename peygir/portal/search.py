"""Search over public content that ignores spelling variants.

peygir.search (full-text search) is being built separately; until it lands, the portal keeps
its own folded keys (peygir.persian.search_key) for public resolutions and articles, and
matches every query term as a substring of the stored key.
"""

from django.db.models import Q, QuerySet

from peygir.persian import search_key
from peygir.portal.models import Article, ResolutionSearchKey
from peygir.portal.selectors import promise_list, published_articles
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import public_resolutions

MAX_TERMS = 8


def resolution_key(resolution: Resolution) -> str:
    return search_key(f"{resolution.tracking_code} {resolution.title} {resolution.text}")


def query_terms(query: str) -> list[str]:
    return search_key(query).split()[:MAX_TERMS]


def _all_terms(field: str, terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": term})
    return condition


def search_promises(query: str) -> QuerySet[Resolution]:
    terms = query_terms(query)
    if not terms:
        return public_resolutions().none()
    matching = ResolutionSearchKey.objects.filter(_all_terms("key", terms)).values("resolution_id")
    return promise_list(public_resolutions().filter(pk__in=matching))


def search_articles(query: str) -> QuerySet[Article]:
    terms = query_terms(query)
    if not terms:
        return Article.objects.none()
    return published_articles().filter(_all_terms("search_key", terms))
