from django.contrib import admin

from peygir.core.admin import PersianAdmin
from peygir.organizations.models import Organization


@admin.register(Organization)
class OrganizationAdmin(PersianAdmin):
    list_display = ["name", "kind", "level", "place", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["place", "parent"]
    list_select_related = ["place", "parent"]
