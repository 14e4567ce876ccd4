from django.contrib import admin

from peygir.core.admin import HistoryAdmin, PersianAdmin
from peygir.tallies.models import Recount


@admin.register(Recount)
class RecountAdmin(HistoryAdmin, PersianAdmin):
    """Read-only: when the worker last began counting the stored rows again (while that was
    within 15 minutes, pages take rows awaiting its count as stored: `tallies.freshness`)."""

    list_display = ["name", "began_at"]
