"""A dashboard as an Excel workbook (a sheet per table) or a PDF (tables with bars)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.core.exports import Sheet, pdf_bytes, workbook_bytes
from peygir.core.templatetags.persian import jdate
from peygir.reports.filters import ReportFilter
from peygir.reports.tables import Dashboard
from peygir.tallies.freshness import Served


def served_note(served: Served | None) -> str:
    """What a file says when some of its figures are stored ones of an earlier day."""
    if served is None or not served.waiting:
        return ""
    day = served.earlier_day
    if day is None:
        return _(
            "Some of these figures were counted earlier; a count was under way when this "
            "file was made."
        )
    return _(
        "Some of these figures were counted on %(day)s; today's count was under way when "
        "this file was made."
    ) % {"day": jdate(day, "long")}


def _preamble(
    dashboard: Dashboard, wanted: ReportFilter, served: Served | None
) -> list[list[object]]:
    lines: list[list[object]] = [[dashboard.title], [_("Made on"), timezone.now()]]
    lines += [[label, value] for label, value in wanted.describe()]
    if note := served_note(served):
        lines.append([note])
    return lines


def dashboard_xlsx(
    dashboard: Dashboard, wanted: ReportFilter, served: Served | None = None
) -> bytes:
    """One right-to-left sheet per table, Persian headers, numbers left as numbers."""
    sheets = [
        Sheet(
            title=section.title,
            preamble=[*_preamble(dashboard, wanted, served), [section.title]],
            headers=[column.label for column in section.columns],
            rows=section.rows,
            widths={1: 40},
        )
        for section in dashboard.sections
    ]
    return workbook_bytes(sheets)


def dashboard_pdf(
    dashboard: Dashboard, wanted: ReportFilter, served: Served | None = None
) -> bytes:
    return pdf_bytes(
        "reports/dashboard_pdf.html",
        {
            "dashboard": dashboard,
            "filters": wanted.describe(),
            "now": timezone.now(),
            "served_note": served_note(served),
        },
    )
