from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peygir.core.admin import PersianAdmin
from peygir.places.models import Place
from peygir.search.services import search_reindex_place


@admin.register(Place)
class PlaceAdmin(PersianAdmin):
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]

    def save_model(self, request: HttpRequest, obj: Place, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            search_reindex_place(obj.pk)  # its resolutions are found by its name
