"""Public relations manage news articles here; subscriptions and deliveries are read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peygir.core.admin import PersianAdmin
from peygir.persian import normalize_input
from peygir.portal.models import Article, Delivery, Subscription
from peygir.portal.services import article_index


@admin.register(Article)
class ArticleAdmin(PersianAdmin):
    list_display = ["title", "published_at", "source_name"]
    list_filter = ["published_at"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["resolutions"]
    date_hierarchy = "published_at"

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        # The admin is public relations' editor: text is normalized and re-indexed on each save.
        obj.title = normalize_input(obj.title)
        obj.summary = normalize_input(obj.summary)
        obj.body = normalize_input(obj.body)
        super().save_model(request, obj, form, change)
        article_index(article=obj)


@admin.register(Subscription)
class SubscriptionAdmin(PersianAdmin):
    list_display = [
        "email",
        "target",
        "target_key",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    list_filter = ["target"]
    search_fields = ["email"]
    readonly_fields = [field.name for field in Subscription._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(PersianAdmin):
    list_display = ["email", "event", "sent_at", "attempts"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
