"""The admin shows comments and the moderation log read-only: decisions go through the
moderators' queue, which writes the log; nothing here may rewrite it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peygir.comments.models import Comment, ModerationDecision
from peygir.core.admin import HistoryAdmin


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "state", "created_at", "needs_senior"]
    list_filter = ["state", "needs_senior"]
    search_fields = ["name", "text"]
    # The email, its hash and the IP hash stay out of the lists and the form.
    exclude = ["email", "email_hash", "ip_hash"]
    readonly_fields = [
        "target_type",
        "target_id",
        "name",
        "text",
        "state",
        "reasons",
        "signals",
        "needs_senior",
        "created_at",
        "decided_at",
        "decided_by",
        "appeal_text",
        "appealed_at",
        "appeal_decided_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(HistoryAdmin):
    list_display = ["comment", "decision", "actor", "is_appeal", "created_at"]
    list_filter = ["decision", "is_appeal"]
    list_select_related = ["comment", "actor"]
