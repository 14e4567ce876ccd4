"""Turn an uploaded file of minutes into text: plain text, Word (.docx) or a PDF's text layer.

The kind is decided by the file's first bytes, not its name. A .docx is a zip of XML; its
paragraphs are read with the standard library, so no extra package is needed. PDFs need
pypdf; a scanned PDF has no text layer and is refused with a message saying so.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
_MAX_XML_BYTES = 20 * 1024 * 1024  # a .docx that inflates beyond this is refused (zip bomb)
_LEADING_STOP_RE = re.compile(r"^([.!؟:،]+)(?=[\u0600-\u06ff])")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_document(data: bytes) -> str:
    """Return the text of an uploaded file, or raise a Persian ValidationError."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is too large; the largest accepted is 5 MB."))
    if data.startswith(b"%PDF-"):
        return _pdf_text(data)
    if data.startswith(b"PK\x03\x04"):
        return _docx_text(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("This file could not be read: send plain UTF-8 text, a .docx or a PDF.")
        ) from None


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_XML_BYTES:
                raise ValidationError(_("The file is too large; the largest accepted is 5 MB."))
            root = ElementTree.fromstring(archive.read(info))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        raise ValidationError(
            _("This file is not a Word document (.docx) that can be read.")
        ) from None
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in {f"{_W}br", f"{_W}cr"}:
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _pdf_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader  # imported here: only PDFs need it
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is pinned in the project's dependencies
        raise ValidationError(_("Reading PDF files is not installed on this server.")) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError):
        raise ValidationError(_("This PDF could not be read.")) from None
    if not text.strip():
        raise ValidationError(
            _("This PDF has no text layer (it is probably a scan); paste its text instead.")
        )
    return _tidy_pdf_text(text)


def _tidy_pdf_text(text: str) -> str:
    """Undo what PDF text layers do to Persian: presentation forms, the stop put first."""
    text = unicodedata.normalize("NFKC", text)  # «ﻣﻘﺮﺭ» → «مقرر»
    lines = []
    for line in text.split("\n"):
        # A right-to-left line's final stop is often extracted at its visual start.
        moved = _LEADING_STOP_RE.match(line)
        lines.append(line[moved.end() :] + moved.group(1) if moved else line)
    return "\n".join(lines)
