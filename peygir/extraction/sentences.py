"""Split folded text into sentences, as spans of the folded text.

Minutes put one resolution per line, often numbered («۱- مقرر شد …»); news runs several
sentences on a line. So a line break always ends a sentence, and so does «.», «!», «؟» or
«?» followed by a space or the end (a «.» between digits is a decimal point, not an end).
Leading list markers and spaces are left out of the sentence; its final stop is kept.
"""

from __future__ import annotations

import re

from .folding import Folded

_END_RE = re.compile(r"\n+|[.!؟?…]+(?=\s|$)")
# «۱-», «1)», «(2)», «الف)», «ب-», bullets: markers people number minutes with.
_MARKER_RE = re.compile(r"\s*(?:[-•*▪●–]+|\(?\d{1,3}\s*[-–).:]|\(?(?:الف|ب|ج|د|ه)\s*[-–)])\s*")


def split(folded: Folded) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of *folded*, in folded positions."""
    text = folded.text
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _END_RE.finditer(text):
        end = match.end() if match.group()[0] != "\n" else match.start()
        _add(text, position, end, spans)
        position = match.end()
    _add(text, position, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    marker = _MARKER_RE.match(text, start, end)
    if marker and marker.end() > start:
        start = marker.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalpha() for ch in text[start:end]):
        spans.append((start, end))
