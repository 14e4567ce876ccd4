"""Check an uploaded evidence file: its real type (by its first bytes, not its name) and size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from peygir.persian import to_persian_digits

# Magic numbers of the only kinds we accept; anything else is refused, whatever its name says.
_SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"WEBP", 8, "image/webp", "webp"),
)


@dataclass(frozen=True)
class EvidenceUpload:
    file: UploadedFile[Any]
    name: str
    content_type: str
    extension: str
    size: int


def sniff(head: bytes) -> tuple[str, str] | None:
    """Return (content type, extension) for the accepted kinds, from the file's first bytes."""
    for magic, offset, content_type, extension in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if extension == "webp" and head[:4] != b"RIFF":
                continue
            return content_type, extension
    return None


def max_upload_bytes() -> int:
    return int(getattr(settings, "PEYGIR_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def check_upload(upload: UploadedFile[Any]) -> EvidenceUpload:
    """Raise a Persian ValidationError unless the file is a small PDF or photo."""
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    size = upload.size or 0
    if size > max_upload_bytes():
        raise ValidationError(
            _("«%(name)s» is %(size)s; the largest file accepted is %(limit)s.")
            % {
                "name": name,
                "size": to_persian_digits(str(filesizeformat(size))),
                "limit": to_persian_digits(str(filesizeformat(max_upload_bytes()))),
            },
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("«%(name)s» is empty.") % {"name": name}, code="file_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("«%(name)s» is not a PDF, JPEG, PNG or WebP file. Only these can be attached.")
            % {"name": name},
            code="file_type",
        )
    return EvidenceUpload(
        file=upload, name=name, content_type=kind[0], extension=kind[1], size=size
    )
