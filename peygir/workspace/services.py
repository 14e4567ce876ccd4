"""The workspace's own writes. Everything about the resolution itself goes through
peygir.resolutions.services; here we only add what the workspace stores (evidence files)."""

from collections.abc import Iterable

from django.core.files.base import File
from django.db import transaction

from peygir.accounts.models import User
from peygir.resolutions import services as resolution_services
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import Resolution, ResolutionEvent
from peygir.resolutions.services import ConcurrentEditError
from peygir.workspace.models import Evidence
from peygir.workspace.uploads import EvidenceUpload


def check_version(resolution: Resolution, expected_version: int) -> None:
    """Refuse a write made from a page loaded before someone else's change."""
    if resolution.version != expected_version:
        raise ConcurrentEditError()


@transaction.atomic
def evidence_attach(
    *,
    actor: User | None,
    resolution: Resolution,
    event: ResolutionEvent | None,
    uploads: Iterable[EvidenceUpload],
) -> list[Evidence]:
    """Store checked files under MEDIA_ROOT, with a name of our choosing."""
    stored = []
    for upload in uploads:
        evidence = Evidence(
            resolution=resolution,
            event=event,
            original_name=upload.name,
            content_type=upload.content_type,
            extension=upload.extension,
            size=upload.size,
            uploaded_by=actor,
        )
        evidence.file.save(f"evidence.{upload.extension}", File(upload.file), save=False)
        evidence.save()
        stored.append(evidence)
    return stored


@transaction.atomic
def progress_report_with_evidence(
    *,
    actor: User | None,
    resolution: Resolution,
    progress: int,
    note: str,
    public: bool,
    uploads: Iterable[EvidenceUpload],
    expected_version: int,
) -> list[Evidence]:
    """Report progress and keep its evidence attached to the report's timeline event."""
    resolution_services.resolution_report_progress(
        actor=actor,
        resolution=resolution,
        progress=progress,
        note=note,
        public=public,
        expected_version=expected_version,
    )
    event = (
        ResolutionEvent.objects.filter(resolution=resolution, kind=EventKind.PROGRESS_REPORTED)
        .order_by("-id")
        .first()
    )
    return evidence_attach(actor=actor, resolution=resolution, event=event, uploads=uploads)
