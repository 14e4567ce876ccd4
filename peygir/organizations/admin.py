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
        if change and {"name", "place"} & set(form.changed_data):
            # Its resolutions are found by its name, and its place is in their scope keys.
            search_reindex_body(obj.pk)
