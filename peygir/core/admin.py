"""The admin's Persian look: Jalali date boxes on every date field."""

from django.contrib import admin
from django.db import models

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
