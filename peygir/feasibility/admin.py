"""The province edits its feasibility checklist here; answers are recorded on the page."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peygir.core.admin import PersianAdmin
from peygir.feasibility.models import ChecklistAnswer, ChecklistItem


@admin.register(ChecklistItem)
class ChecklistItemAdmin(PersianAdmin):
    list_display = ["question", "code", "is_required", "is_active", "order"]
    list_editable = ["is_required", "is_active", "order"]
    list_filter = ["is_required", "is_active"]
    search_fields = ["question", "code"]
    prepopulated_fields = {"code": ["question"]}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An item with answers is history: deactivate it instead of deleting it.
        if obj is not None and obj.answers.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(PersianAdmin):
    """Read-only: answers go through the feasibility page and its service."""

    list_display = ["resolution", "item", "answer", "answered_by", "answered_at"]
    list_filter = ["answer", "item"]
    list_select_related = ["resolution", "item", "answered_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
