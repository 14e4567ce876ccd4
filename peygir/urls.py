"""The URL map: the admin, the staff workspace, the API, and the public portal at the root."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from peygir.workspace.views import auth

admin.site.site_header = admin.site.site_title = _("Peygir")
# A lost database answers 503 with a Persian page even outside views (peygir.core.unavailable).
handler500 = "peygir.core.unavailable.server_error"

urlpatterns = [
    # The admin signs in and out through the staff door: one lockout, two-step code and audit.
    path("admin/login/", auth.admin_login_view, name="admin_login"),
    path("admin/logout/", auth.logout_view, name="admin_logout"),
    path("admin/", admin.site.urls),
    path("staff/needs/", include("peygir.needs.urls")),
    path("staff/feasibility/", include("peygir.feasibility.urls")),
    path("staff/followup/", include("peygir.followup.urls")),
    path("staff/notifications/", include("peygir.notifications.urls")),
    path("staff/extract/", include("peygir.extraction.urls")),
    path("staff/reports/", include("peygir.reports.urls")),
    path("staff/spreadsheets/", include("peygir.spreadsheets.urls")),
    path("staff/", include("peygir.workspace.urls")),
    path("api/v1/", include("peygir.api.urls")),
    path("comments/", include("peygir.comments.urls")),
    path("", include("peygir.portal.urls")),
]
