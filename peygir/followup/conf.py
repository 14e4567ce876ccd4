"""The follow-up knobs, read from settings when a deployment sets them, else from here.

Each can be set in the environment too (PEYGIR_STALE_WORKING_DAYS=15 ...), so that the
shared settings module needs no edit for them.
"""

import os

from django.conf import settings


def env_int(name: str, default: int) -> int:
    """Read an integer knob from settings, else the environment, else `default`."""
    value: object = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, str(default))
    return int(str(value))


def reply_working_days() -> int:
    """Working days a body has to answer a letter when the letter names no date."""
    return env_int("PEYGIR_REPLY_WORKING_DAYS", 10)


def followup_interval_working_days() -> int:
    """Working days until the next follow-up when an action does not name one."""
    return env_int("PEYGIR_FOLLOWUP_INTERVAL_WORKING_DAYS", 10)


def stale_working_days() -> int:
    """Working days without any follow-up action after which a resolution is stale."""
    return env_int("PEYGIR_STALE_WORKING_DAYS", 20)


def sweep_processes() -> int:
    """Processes a long sweep pass is shared among: the cores this process may use, at most
    four (on SQLite one process writes at a time, so more would mostly wait)."""
    return env_int("PEYGIR_SWEEP_PROCESSES", min(4, len(os.sched_getaffinity(0))))


def max_attachment_bytes() -> int:
    return env_int("PEYGIR_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


# What a follow-up attachment may be: scanned letters, photos, office documents.
ALLOWED_ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
