from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peygir.core.admin import PersianAdmin
from peygir.organizations.models import Organization
from peygir.search.services import search_reindex_body


@admin.register(Organization)
class OrganizationAdmin(PersianAdmin):
    list_display = ["name", "kind", "level", "place", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["place", "parent"]
    list_select_related = ["place", "parent"]

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            search_reindex_body(obj.pk)  # its resolutions are found by its name
