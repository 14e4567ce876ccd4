"""The search index: one row per searchable object, holding its folded key and display text.

The full-text structures live beside this table and are kept in step with it by the
database itself (migration 0002): on SQLite an external-content FTS5 table fed by triggers,
on PostgreSQL a generated ``tsvector`` column with a GIN index. Python code therefore only
ever writes ``SearchEntry`` rows, through ``peygir.search.services``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    NEWS = "news", _("news item")
    NEED = "need", _("need")
    COMMENT = "comment", _("comment")


class SearchEntry(models.Model):
    """The searchable form of one object: what to match (folded) and what to show."""

    kind = models.CharField(_("kind"), max_length=16, choices=SearchKind.choices)
    object_id = models.BigIntegerField(_("object id"))
    # search_key() of every part: lossy on purpose, used only to match, never shown.
    folded = models.TextField(_("folded text"))
    # The clean text snippets are cut from, so that users read their own spelling back.
    display = models.TextField(_("display text"))
    # Keys of the visibility rule's parts that hold the object, space-separated
    # (`peygir.search.scope`): indexed beside the text, so that a search among one body's
    # rows is narrowed by the index itself. Empty for kinds that every reader may see.
    scope = models.TextField(_("scope keys"), default="", blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
