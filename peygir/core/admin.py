"""The admin's Persian look (Jalali date boxes on every date field), and read-only history."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from peygir.core.forms import JalaliDateField, JalaliDateInput


class PersianAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose date fields are typed and shown as Jalali."""

    formfield_overrides = {
        models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
    }


class PersianInline(admin.TabularInline):  # type: ignore[type-arg]
    """A tabular inline with Jalali date boxes."""

    formfield_overrides = PersianAdmin.formfield_overrides
    extra = 0


class HistoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """For append-only history (core.models.AppendOnlyModel): listed and read, never added,
    changed or deleted from the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
