"""Evidence files, handed out only to those who may see their resolution."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from peygir.followup.models import Attachment
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.workspace.models import Evidence
from peygir.workspace.selectors import followup_actions_for
from peygir.workspace.views.common import staff_required

_INLINE = frozenset({"image/jpeg", "image/png", "image/webp"})


def _serve(file: FieldFile, name: str, content_type: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No such file, or you may not see it.")) from error
    # Photos open in the browser; anything else downloads. The sandbox keeps a crafted file
    # from running anything in our origin, and nosniff keeps the browser to the stated type.
    response = FileResponse(
        handle,
        as_attachment=content_type not in _INLINE,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0, no-store"
    return response


@staff_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = (
        Evidence.objects.filter(pk=pk, resolution__in=resolutions_visible_to(request.user))
        .only("file", "original_name", "content_type")
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file, or you may not see it."))
    return _serve(evidence.file, evidence.original_name, evidence.content_type)


@staff_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A follow-up action's attachment, under the same rule as the action itself."""
    attachment = (
        Attachment.objects.filter(
            pk=pk, action__resolution__in=resolutions_visible_to(request.user)
        )
        .select_related("action__resolution")
        .first()
    )
    if attachment is None:
        raise Http404(_("No such file, or you may not see it."))
    _visible, hidden = followup_actions_for(request.user, attachment.action.resolution)
    if attachment.action_id in hidden:
        raise Http404(_("No such file, or you may not see it."))
    return _serve(attachment.file, attachment.name, attachment.content_type)
