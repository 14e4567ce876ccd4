from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from peygir.accounts import two_factor
from peygir.accounts.audit import origin_of
from peygir.accounts.models import LoginEvent, Membership, User
from peygir.core.admin import HistoryAdmin
from peygir.persian import format_jalali_datetime


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "role", "organization", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(LoginEvent)
class LoginEventAdmin(HistoryAdmin):
    """The sign-in audit log: read only, filterable by user and by what happened."""

    list_display = ["jalali_time", "kind", "username", "user", "ip_address"]
    list_display_links = ["jalali_time"]
    list_filter = ["kind", ("user", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["username", "ip_address"]
    list_select_related = ["user"]
    fields = ["jalali_time", "kind", "username", "user", "ip_address", "user_agent"]
    readonly_fields = ["jalali_time", "kind", "username", "user", "ip_address", "user_agent"]

    @admin.display(description=_("time"), ordering="created_at")
    def jalali_time(self, obj: LoginEvent) -> str:
        return format_jalali_datetime(obj.created_at)


# django-otp's own admin shows the secret and its QR code; ours never does. An administrator
# may remove a lost phone's device (audited); adding one is the owner's job, on their page.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["owner", "is_confirmed", "jalali_created", "jalali_last_used"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    fields = ["owner", "is_confirmed", "jalali_created", "jalali_last_used"]
    readonly_fields = ["owner", "is_confirmed", "jalali_created", "jalali_last_used"]

    @admin.display(description=_("user"), ordering="user__username")
    def owner(self, obj: TOTPDevice) -> str:
        return str(obj.user)

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, obj: TOTPDevice) -> bool:
        return bool(obj.confirmed)

    @admin.display(description=_("created at"), ordering="created_at")
    def jalali_created(self, obj: TOTPDevice) -> str:
        return format_jalali_datetime(obj.created_at)

    @admin.display(description=_("last used"), ordering="last_used_at")
    def jalali_last_used(self, obj: TOTPDevice) -> str:
        return format_jalali_datetime(obj.last_used_at)

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        two_factor.device_remove(device=obj, origin=origin_of(request))
