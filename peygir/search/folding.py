"""Folding for bulk index rebuilds, importable without Django.

A national rebuild folds in worker processes started fresh ("spawn"): forking a process
that has threads (a web server's, a test runner's) can deadlock the child. A spawned
worker imports only this module and `peygir.persian`, never the settings or the database.
"""

import functools

from peygir.persian import search_key

# (object id, texts to match, text to show, scope keys) in; (object id, folded key, text to
# show, scope keys) out: the keys (`search.scope`) pass through unfolded.
Unfolded = tuple[int, list[str], str, str]
Folded = tuple[int, str, str, str]


@functools.lru_cache(maxsize=65536)
def _fold_short(part: str) -> str:
    return search_key(part)


def fold_part(part: str) -> str:
    # Names of places and bodies repeat on every row; long texts rarely do.
    return _fold_short(part) if len(part) <= 200 else search_key(part)


def fold_batch(batch: list[Unfolded]) -> list[Folded]:
    """Fold one batch of documents: the key is every non-blank part folded, joined."""
    return [
        (
            object_id,
            " ".join(fold_part(part) for part in parts if part and part.strip()),
            display,
            scope,
        )
        for object_id, parts, display, scope in batch
    ]
