"""How a sweep run's message names its steps: their ids in one text, each written as its
distance from the one before ("1405,1,1,146,3"), with their count beside it, in the
message's context.

A first pass at 1 M tells 1.4 M steps. As a JSON list of numbers, PostgreSQL parsed every
id into a jsonb number: storing the 92 messages of a first pass with a member in every
organization took 5.2 s, and every inbox page decoded every id of each message it showed,
though it lists 50. As one text the server stores a string, a third of the size (a run's
steps told to one body are a few hundred ids apart, to the whole province one apart); it is
written and read by C's loops (`str.join`, `str.split`, `itertools.accumulate`), and a
message's first ids and count are read without the rest. An email, which lists the first
few and sends the reader to the inbox for the rest, names only those (`at_most`). See
benchmarks/README.md, «The due days rewritten in place, and a run's steps named in one
text».

Messages queued before this name their steps as a list of ids (`steps`), still read.
"""

import heapq
import itertools
import operator
from collections.abc import Iterator, Sequence
from typing import Any, overload


def step_ids_context(ids: Sequence[int], *, at_most: int | None = None) -> dict[str, Any]:
    """The context of a message about the steps `ids` (each once), in the order they were
    taken (the ids' order); with `at_most`, naming only the first that many, and counting
    them all."""
    named = sorted(ids) if at_most is None else heapq.nsmallest(at_most, ids)
    deltas = itertools.chain(named[:1], map(operator.sub, itertools.islice(named, 1, None), named))
    return {"step_deltas": ",".join(map(str, deltas)), "count": len(ids)}


def step_ids_count(context: dict[str, Any] | None) -> int:
    """How many steps the message is about."""
    context = context or {}
    if "step_deltas" in context:
        return int(context["count"])
    return len(context.get("steps") or [])  # queued before the deltas


def step_ids_first(context: dict[str, Any] | None, count: int | None) -> list[int]:
    """The first `count` steps the message names (all of them without a count), reading no
    more of its text than those."""
    context = context or {}
    if "step_deltas" in context:
        text: str = context["step_deltas"]
        return _ids(text.split(",") if count is None else text.split(",", count)[:count])
    steps = list(context.get("steps") or [])  # queued before the deltas
    return steps if count is None else steps[:count]


def step_ids_all(context: dict[str, Any] | None) -> list[int]:
    """Every step the message names."""
    return step_ids_first(context, None)


def _ids(deltas: list[str]) -> list[int]:
    return list(itertools.accumulate(map(int, filter(None, deltas))))


class StepIds(Sequence[int]):
    """A message's steps as a sequence decoded only as far as it is read: a page of the
    inbox's list reads the ids up to its end, not all of them (the whole list of a first
    pass's largest message, 1.4 M ids, took 0.4 s to decode)."""

    def __init__(self, context: dict[str, Any] | None) -> None:
        self._context = context
        self._count = step_ids_count(context)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:  # once, not a prefix decoded for each id
        return iter(step_ids_all(self._context))

    def __reversed__(self) -> Iterator[int]:
        return reversed(step_ids_all(self._context))

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            return step_ids_first(self._context, stop)[start:stop:step]
        position = operator.index(index)
        if position < 0:
            position += self._count
        if not 0 <= position < self._count:
            raise IndexError("no such step in the message")
        return step_ids_first(self._context, position + 1)[position]
