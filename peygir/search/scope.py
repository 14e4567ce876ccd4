"""Scope keys: the parts of the visibility rule that hold a resolution, stored in its entry.

An executive body's officer may see the resolutions their body is responsible for or
supports (at 1 M, QM-ROADS: 23 104 of them), and searches among them. Counting their
matches from the index alone read every match of the words first: «آسفالت راه» matches
62 401 entries, of which 1 404 are the officer's, and PostgreSQL read all 62 401 from the
table (217 ms) to keep those. With the keys in the entry the index itself intersects the
words' matches with the officer's rows (PostgreSQL: a bitmap AND of two GIN indexes;
SQLite: a second FTS5 column), and only the officer's matches are read.

The keys mirror `resolutions.selectors._rules` for the parts it states by organization:
`o<id>` for the follow-up owner (the secretariat, a deputy, a county governorate's own
follow-up) and `b<id>` for the responsible body and each supporting body (its officers).
Places are not keyed: a county's part is a third of the rows, which the index does not
narrow usefully. The keys only ever narrow a search that the rule itself still checks,
so a key out of date could hide a row from a count but never show one; every service
that changes an owner or a body indexes the resolution again (`search_index_resolution`).
"""

from collections.abc import Iterable


def owner_key(organization_id: int) -> str:
    """The key of resolutions that `organization_id` follows up."""
    return f"o{int(organization_id)}"


def body_key(organization_id: int) -> str:
    """The key of resolutions that `organization_id` is responsible for or supports."""
    return f"b{int(organization_id)}"


def resolution_scope(
    followup_owner_id: int | None, responsible_body_id: int | None, supporting: Iterable[int]
) -> str:
    """The keys of one resolution, space-separated, each once."""
    keys = [owner_key(followup_owner_id)] if followup_owner_id is not None else []
    bodies = [responsible_body_id] if responsible_body_id is not None else []
    keys += [body_key(pk) for pk in [*bodies, *sorted(supporting)]]
    return " ".join(dict.fromkeys(keys))
