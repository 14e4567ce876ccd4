from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peygir.core.admin import PersianAdmin
from peygir.workdays.calendar import invalidate_holidays
from peygir.workdays.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(PersianAdmin):
    list_display = ["date_jalali", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = None

    @admin.display(description=Holiday._meta.get_field("date").verbose_name, ordering="date")
    def date_jalali(self, obj: Holiday) -> str:
        from peygir.persian import format_jalali_date

        return format_jalali_date(obj.date)

    # This process forgets its cached holidays at once; other processes within minutes.
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        invalidate_holidays()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        invalidate_holidays()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        invalidate_holidays()
