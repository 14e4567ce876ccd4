"""Evidence files, handed out only to those who may see their resolution."""

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from peygir.resolutions.selectors import resolutions_visible_to
from peygir.workspace.models import Evidence
from peygir.workspace.views.common import staff_required

_INLINE = frozenset({"image/jpeg", "image/png", "image/webp"})


@staff_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = (
        Evidence.objects.filter(pk=pk, resolution__in=resolutions_visible_to(request.user))
        .only("file", "original_name", "content_type")
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file, or you may not see it."))
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No such file, or you may not see it.")) from error
    # Photos open in the browser; anything else downloads. The type is the one we sniffed
    # at upload, and the sandbox keeps a crafted file from running anything in our origin.
    response = FileResponse(
        handle,
        as_attachment=evidence.content_type not in _INLINE,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0, no-store"
    return response
