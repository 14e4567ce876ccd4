"""Time `rows.copy_text` on a first pass's chunk: the COPY text of 1 400 steps and their
events, as the sweep builds it on PostgreSQL, without the columns' adapters (there they
return the values as they are). No database needed.

    PYTHONPATH=/path/to/tree .venv/bin/python benchmarks/copy_text.py

Prints the best of 5 rounds of 100 chunks, in ms per chunk, and a digest of the text: two
trees that write the same COPY text print the same digest.
"""

import datetime
import gc
import hashlib
import time
import uuid

from peygir.followup.rows import copy_text

CHUNKS, ROUNDS, STEPS = 100, 5, 1400
NOW = datetime.datetime(2026, 11, 27, 1, 2, 3, 456789, tzinfo=datetime.UTC)
TODAY, RUN = NOW.date(), uuid.UUID(int=12345)
# A chunk's messages are a few texts shared by its steps (`sweep.Names` words each once).
MESSAGES = [f"پیگیری شماره {i}: پاسخ نامه به دستگاه اجرایی هنوز نرسیده است" for i in range(20)]


def chunk(first: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    steps: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    for i in range(STEPS):
        pk = first + i * 5 // 7  # a resolution has one or two steps
        period = f"letter-{pk * 7}"
        deadline = datetime.date(2025, 1 + i % 12, 1 + i % 28)  # each row's own object
        data = f'{{"condition": "letter_unanswered", "period": "{period}", "level": 0}}'
        steps.append((pk, "letter_unanswered", 0, period, TODAY, NOW, RUN, deadline))
        events.append((pk, "reminded", None, NOW, False, MESSAGES[i % 20], data))
    return steps, events


def main() -> None:
    chunks = [chunk(first) for first in range(0, CHUNKS * 1000, 1000)]
    gc.freeze()  # as the sweep does (`sweep._fewer_collections`)
    best, digest = float("inf"), hashlib.sha256()
    for _ in range(ROUNDS):
        texts = []
        started = time.perf_counter()
        for steps, events in chunks:
            texts.append(copy_text(steps))
            texts.append(copy_text(events))
        best = min(best, time.perf_counter() - started)
    for text in texts:
        digest.update(text.encode())
    print(f"copy_text: {best * 1000 / CHUNKS:.2f} ms a chunk of {STEPS} steps and their events")
    print(f"digest {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
