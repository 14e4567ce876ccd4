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
from peygir.search.selectors import search_ids
from peygir.search.services import Document


def search_promises(query: str) -> QuerySet[Resolution]:
    matching = search_ids(query, kind=SearchKind.RESOLUTION)
    return promise_list(public_resolutions().filter(pk__in=matching))


def search_articles(query: str) -> QuerySet[Article]:
    return published_articles().filter(pk__in=search_ids(query, kind=SearchKind.NEWS))


def article_document(article: Article) -> Document:
    return Document(
        object_id=article.pk,
        parts=[article.title, article.summary, article.body],
        display=f"{article.title}\n{article.summary or article.body}",
    )


def all_article_documents() -> list[Document]:
    return [article_document(article) for article in Article.objects.all()]
