"""The dashboards' pages and their Excel and PDF downloads, and the weekly report PDF."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from peygir.core.exports import PDF_TYPE, XLSX_TYPE, download
from peygir.persian import jalali_iso
from peygir.reports.access import reports_required
from peygir.reports.dashboards import entries, trends_dashboard
from peygir.reports.exports import dashboard_pdf, dashboard_xlsx
from peygir.reports.filters import ReportFilter, ReportFilterForm
from peygir.reports.kept import kept_dashboard
from peygir.reports.tables import Dashboard
from peygir.reports.trends import Grain
from peygir.reports.weekly import weekly_pdf
from peygir.tallies.freshness import stored_counts_served
from peygir.workspace.views.common import staff_required


def _build(request: HttpRequest, slug: str) -> tuple[Dashboard, ReportFilter, ReportFilterForm]:
    form = ReportFilterForm(request.GET or None, user=request.user)
    wanted = form.report_filter()
    user = request.user
    if slug == "trends":
        grain: Grain = "week" if request.GET.get("grain") == "week" else "month"
        built = kept_dashboard(
            user, slug, wanted, lambda: trends_dashboard(user, wanted, grain), grain=grain
        )
        return built, wanted, form
    entry = next(e for e in entries() if e.slug == slug)
    return kept_dashboard(user, slug, wanted, lambda: entry.build(user, wanted)), wanted, form


def _filename(dashboard: Dashboard, extension: str) -> str:
    return f"peygir-{dashboard.slug}-{jalali_iso(timezone.localdate())}.{extension}"


@reports_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    # The page may show stored figures awaiting the worker's count, and says so.
    with stored_counts_served() as served:
        built, _wanted, form = _build(request, slug)
    context = {
        "dashboard": built,
        "served": served,
        "form": form,
        "entries": entries(),
        "query": request.GET.urlencode(),
        "grain": request.GET.get("grain", "month"),
        "nav_active": "reports",
    }
    return render(request, "reports/dashboard.html", context)


# The downloads count what a write made dirty today; after midnight, while the worker
# counts every row again (minutes at 1 M, past any request's time), they print the figures
# counted for the day before and say so.
@reports_required
def dashboard_excel(request: HttpRequest, slug: str) -> HttpResponse:
    with stored_counts_served(earlier_days_only=True) as served:
        built, wanted, _form = _build(request, slug)
    return download(dashboard_xlsx(built, wanted, served), XLSX_TYPE, _filename(built, "xlsx"))


@reports_required
def dashboard_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    with stored_counts_served(earlier_days_only=True) as served:
        built, wanted, _form = _build(request, slug)
    return download(dashboard_pdf(built, wanted, served), PDF_TYPE, _filename(built, "pdf"))


@staff_required
def weekly_report(request: HttpRequest) -> HttpResponse:
    """Anyone who sees the weekly page may take it away: it is counted over their scope,
    and after midnight, as the dashboards' downloads, from the figures counted the day
    before while the worker counts today's (it says so)."""
    filename = f"peygir-weekly-report-{jalali_iso(timezone.localdate())}.pdf"
    with stored_counts_served(earlier_days_only=True) as served:
        pdf = weekly_pdf(request.user, served)
    return download(pdf, PDF_TYPE, filename)
