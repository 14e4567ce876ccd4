"""Search over public content that ignores spelling variants, through peygir.search.

The index folds every spelling with peygir.persian.search_key; here the matches are only
ever narrowed to what is public (published promises, published articles).
"""

from django.db.models import QuerySet

from peygir.portal.models import Article
from peygir.portal.selectors import promise_list, published_articles
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import public_resolutions
from peygir.search.models import SearchKind
from peygir.search.selectors import search_condition, search_count_capped
from peygir.search.services import Document


def count_promises(query: str, *, cap: int) -> int:
    """How many public promises match `query`, counted up to `cap` + 1: a common word
    matches tens of thousands at 1 M, and counting them all cost more than the page."""
    found = search_count_capped(
        query, kind=SearchKind.RESOLUTION, among=public_resolutions(), cap=cap
    )
    return found or 0


def search_promises(query: str, *, counted: int) -> QuerySet[Resolution]:
    """The public promises matching `query`, of which `count_promises` found `counted`:
    past its cap the list's order is walked and each row tested (`search_condition`)."""
    condition = search_condition(query, kind=SearchKind.RESOLUTION, counted=counted)
    return promise_list(public_resolutions().filter(condition))


def search_articles(query: str) -> QuerySet[Article]:
    # A word common among promises has the few articles tested one by one, not every
    # match looked up for its kind (`search_condition`).
    return published_articles().filter(search_condition(query, kind=SearchKind.NEWS))


def article_document(article: Article) -> Document:
    return Document(
        object_id=article.pk,
        parts=[article.title, article.summary, article.body],
        display=f"{article.title}\n{article.summary or article.body}",
    )


def all_article_documents() -> list[Document]:
    return [article_document(article) for article in Article.objects.all()]
