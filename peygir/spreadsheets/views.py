"""Export the staff lists; import a spreadsheet (upload → preview → confirm)."""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.core.exports import PDF_TYPE, XLSX_TYPE, download, streamed_download
from peygir.persian import format_jalali_date
from peygir.spreadsheets import exporting, storage
from peygir.spreadsheets.forms import ConfirmForm, UploadForm
from peygir.spreadsheets.importer import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportReport,
    import_resolutions,
)
from peygir.workspace.selectors import inbox_for, resolutions_filtered
from peygir.workspace.views.common import (
    View,
    actor,
    filter_form,
    province_required,
    staff_required,
)

PREVIEW_ROWS = 1000  # rows listed by name in the preview; the counts cover them all
CSV_TYPE = "text/csv; charset=utf-8"


def _filename(stem: str, extension: str) -> str:
    today = format_jalali_date(timezone.localdate()).replace("/", "-")
    return f"{stem}-{today}.{extension}"


def _export(request: HttpRequest, *, inbox: bool, fmt: str) -> HttpResponse | StreamingHttpResponse:
    form = filter_form(request)
    base = inbox_for(request.user) if inbox else None
    queryset = resolutions_filtered(request.user, form.to_filter(), base=base)
    title = _("My assignments") if inbox else _("Resolutions")
    stem = _("my-assignments") if inbox else _("resolutions")
    if fmt == "xlsx":
        return download(exporting.xlsx_bytes(queryset, title), XLSX_TYPE, _filename(stem, "xlsx"))
    if fmt == "pdf":
        return download(exporting.pdf_export(queryset, title), PDF_TYPE, _filename(stem, "pdf"))
    return streamed_download(exporting.csv_chunks(queryset), CSV_TYPE, _filename(stem, "csv"))


def export_view(*, inbox: bool, fmt: str) -> View:
    """The view of one list in one format (six small URLs rather than one with parameters)."""

    def view(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        return _export(request, inbox=inbox, fmt=fmt)

    view.__name__ = f"export_{'inbox' if inbox else 'resolutions'}_{fmt}"
    return staff_required(view)


@province_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; answer with the preview of what importing it would do."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        user = actor(request)
        report = import_resolutions(actor=user, content=content, commit=False)
        token = storage.store(user.pk, content) if report.ok else ""
        return _preview(request, report, token, form.cleaned_data["file"].name)
    return render(request, "spreadsheets/upload.html", {"form": form})


@province_required
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Apply exactly the previewed file, all rows or none."""
    if request.method != "POST":
        raise Http404
    form = ConfirmForm(request.POST)
    user = actor(request)
    content = storage.load(user.pk, form.data.get("token", "")) if form.is_valid() else None
    if content is None:
        return render(
            request,
            "spreadsheets/upload.html",
            {
                "form": UploadForm(),
                "lost": _("That upload was not found (or has expired). Upload the file again."),
            },
            status=404,
        )
    report = import_resolutions(actor=user, content=content, commit=True)
    token = form.cleaned_data["token"]
    if report.written:
        storage.discard(user.pk, token)
        return render(
            request, "spreadsheets/done.html", {"report": report, "counts": _counts(report)}
        )
    return _preview(request, report, "", "")


def _counts(report: ImportReport) -> dict[str, int]:
    return {action: report.count(action) for action in (CREATE, UPDATE, UNCHANGED)}


def _preview(request: HttpRequest, report: ImportReport, token: str, name: str) -> HttpResponse:
    listed = [row for row in report.rows if row.errors or row.action != UNCHANGED]
    context = {
        "report": report,
        "counts": _counts(report),
        "token": token,
        "name": name,
        "shown": listed[:PREVIEW_ROWS],
        "more": max(0, len(listed) - PREVIEW_ROWS),
    }
    return render(request, "spreadsheets/preview.html", context)
