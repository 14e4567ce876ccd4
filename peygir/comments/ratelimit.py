"""Rate limits per IP and per email: counters in the database, one row per key and window.

Database rows rather than a cache, so that the limit holds across every worker process.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from peygir.comments.models import RateCounter

# (posts allowed, window in seconds); a deployment may override PEYGIR_COMMENT_RATE_LIMITS.
DEFAULT_LIMITS = {"ip": (5, 600), "email": (3, 600)}


def private_hash(kind: str, value: str) -> str:
    """Return a keyed hash of an address: stable for counting, useless to anyone outside."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{value.strip().lower()}".encode(), hashlib.sha256).hexdigest()


def limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "PEYGIR_COMMENT_RATE_LIMITS", {})}


def _window_start(now: datetime.datetime, seconds: int) -> datetime.datetime:
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def rate_hit(*, kind: str, key_hash: str, now: datetime.datetime | None = None) -> bool:
    """Count one post for the key and tell whether it is still within the limit."""
    allowed, seconds = limits()[kind]
    now = now or timezone.now()
    start = _window_start(now, seconds)
    key = f"{kind}:{key_hash}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                RateCounter.objects.get_or_create(key=key, window_start=start)
        except IntegrityError:
            pass  # another request created the row first; counting below still works
        RateCounter.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        count = RateCounter.objects.values_list("count", flat=True).get(key=key, window_start=start)
    return count <= allowed


def rate_counters_prune(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete counters of windows long past."""
    deleted, _ = RateCounter.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
