from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "peygir.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # `peygir search_reindex` rebuilds the news articles too.
        from peygir.portal.search import all_article_documents
        from peygir.search.models import SearchKind
        from peygir.search.services import search_register

        search_register(SearchKind.NEWS, all_article_documents)
