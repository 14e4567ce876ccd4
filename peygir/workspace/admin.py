"""The administrator's view of evidence files and failed sign-ins (deleting rows unlocks)."""

from django.contrib import admin
from django.http import HttpRequest

from peygir.core.admin import PersianAdmin
from peygir.workspace.models import Evidence, LoginFailure


@admin.register(Evidence)
class EvidenceAdmin(PersianAdmin):
    list_display = ["original_name", "resolution", "content_type", "size", "uploaded_by"]
    list_select_related = ["resolution", "uploaded_by"]
    readonly_fields = [
        "resolution",
        "event",
        "file",
        "original_name",
        "content_type",
        "extension",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Evidence comes only with a progress report, through the service.
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(PersianAdmin):
    list_display = ["username", "ip_address", "failed_at"]
    search_fields = ["username"]
    readonly_fields = ["username", "ip_address", "failed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
