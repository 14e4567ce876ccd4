"""A dashboard as an Excel workbook (a sheet per table) or a PDF (tables with bars)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.core.exports import Sheet, pdf_bytes, workbook_bytes
from peygir.reports.filters import ReportFilter
from peygir.reports.tables import Dashboard


def _preamble(dashboard: Dashboard, wanted: ReportFilter) -> list[list[object]]:
    lines: list[list[object]] = [[dashboard.title], [_("Made on"), timezone.now()]]
    lines += [[label, value] for label, value in wanted.describe()]
    return lines


def dashboard_xlsx(dashboard: Dashboard, wanted: ReportFilter) -> bytes:
    """One right-to-left sheet per table, Persian headers, numbers left as numbers."""
    sheets = [
        Sheet(
            title=section.title,
            preamble=[*_preamble(dashboard, wanted), [section.title]],
            headers=[column.label for column in section.columns],
            rows=section.rows,
            widths={1: 40},
        )
        for section in dashboard.sections
    ]
    return workbook_bytes(sheets)


def dashboard_pdf(dashboard: Dashboard, wanted: ReportFilter) -> bytes:
    return pdf_bytes(
        "reports/dashboard_pdf.html",
        {"dashboard": dashboard, "filters": wanted.describe(), "now": timezone.now()},
    )
