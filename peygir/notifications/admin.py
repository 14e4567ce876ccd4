from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peygir.core.admin import PersianAdmin
from peygir.notifications import rendering
from peygir.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(PersianAdmin):
    list_display = ["subject", "recipient", "channel", "kind", "sent_at", "attempts"]
    list_filter = ["channel", "kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipient__username", "email"]
    list_select_related = ["recipient"]
    readonly_fields = [*(field.name for field in Notification._meta.fields), "rendered_text"]

    @admin.display(description=_("Text as the recipient reads it"))
    def rendered_text(self, obj: Notification) -> str:
        # A sweep's messages store a template and context, not a body: render it here.
        return rendering.texts([obj])[0]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)
