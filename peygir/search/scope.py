"""Scope keys: the parts of the visibility rule that hold a resolution, stored in its entry.

An executive body's officer may see the resolutions their body is responsible for or
supports (at 1 M, QM-ROADS: 23 104 of them), and searches among them. Counting their
matches from the index alone read every match of the words first: «آسفالت راه» matches
62 401 entries, of which 1 404 are the officer's, and PostgreSQL read all 62 401 from the
table (217 ms) to keep those. With the keys in the entry the index itself intersects the
words' matches with the user's rows (PostgreSQL: one GIN index over both, search migration
0005; SQLite: a second FTS5 column), and only the user's matches are read.

The keys mirror `resolutions.selectors._rules`: `o<id>` for the follow-up owner (the
secretariat, a deputy, a county governorate's own follow-up), `b<id>` for the responsible
body and each supporting body (its officers), and `p<id>` for every place on the path of
each of its places and of its responsible body's place (a county governorate sees what is
linked to a place in its county or assigned to a body located there). The keys only ever
narrow a search that the rule itself still checks, so a key out of date could hide a row
from a search but never show one: every service that changes an owner, a body or a place
of a resolution indexes it again (`search_index_resolution`), and so does moving a body
to another place (`search_reindex_body`). Places do not move in the tree.
"""

from collections.abc import Iterable


def owner_key(organization_id: int) -> str:
    """The key of resolutions that `organization_id` follows up."""
    return f"o{int(organization_id)}"


def body_key(organization_id: int) -> str:
    """The key of resolutions that `organization_id` is responsible for or supports."""
    return f"b{int(organization_id)}"


def place_key(place_id: int) -> str:
    """The key of resolutions linked to `place_id` or to a place under it, or assigned to a
    body located there."""
    return f"p{int(place_id)}"


def path_place_ids(path: str) -> list[int]:
    """The ids of the places on a place's path ("/19/34/52/" → 19, 34, 52)."""
    return [int(part) for part in path.strip("/").split("/") if part]


def resolution_scope(
    followup_owner_id: int | None,
    responsible_body_id: int | None,
    supporting: Iterable[int],
    place_paths: Iterable[str] = (),
) -> str:
    """The keys of one resolution, space-separated, each once. `place_paths`: the paths of
    its places and of its responsible body's place."""
    keys = [owner_key(followup_owner_id)] if followup_owner_id is not None else []
    bodies = [responsible_body_id] if responsible_body_id is not None else []
    keys += [body_key(pk) for pk in [*bodies, *sorted(supporting)]]
    places = {pk for path in place_paths for pk in path_place_ids(path)}
    keys += [place_key(pk) for pk in sorted(places)]
    return " ".join(dict.fromkeys(keys))
