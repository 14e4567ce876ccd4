"""Uploaded files kept between the preview and the confirmation, private to their uploader.

The file is stored under its SHA-256 and the uploader's id; the confirmation names the hash,
and only the same user's file with that hash can be found, so a forged confirmation pointing
at someone else's upload finds nothing, and the applied bytes are the previewed bytes.
"""

import hashlib
import re
import time
from pathlib import Path

from django.conf import settings

_TOKEN = re.compile(r"^[0-9a-f]{64}$")
KEEP_SECONDS = 24 * 3600


def _directory() -> Path:
    configured = getattr(settings, "PEYGIR_IMPORT_DIR", None)
    directory = Path(configured) if configured else Path(settings.VAR_DIR) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _path(user_id: int, token: str) -> Path:
    return _directory() / f"{int(user_id)}-{token}.upload"


def store(user_id: int, content: bytes) -> str:
    """Keep the file for the confirmation and return its token (the SHA-256, in hex)."""
    _forget_old()
    token = hashlib.sha256(content).hexdigest()
    path = _path(user_id, token)
    path.write_bytes(content)
    path.chmod(0o600)
    return token


def load(user_id: int, token: str) -> bytes | None:
    """Return this user's stored file with this token, or None; the bytes are re-hashed."""
    if not _TOKEN.match(token or ""):
        return None
    path = _path(user_id, token)
    if not path.is_file():
        return None
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != token:
        return None
    return content


def discard(user_id: int, token: str) -> None:
    if _TOKEN.match(token or ""):
        _path(user_id, token).unlink(missing_ok=True)


def _forget_old() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in _directory().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
