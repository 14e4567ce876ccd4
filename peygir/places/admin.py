from django.contrib import admin

from peygir.core.admin import PersianAdmin
from peygir.places.models import Place


@admin.register(Place)
class PlaceAdmin(PersianAdmin):
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
