"""Turn one spreadsheet row into typed values, or into Persian errors; never crash."""

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from peygir.persian import (
    JalaliDateError,
    normalize_input,
    parse_jalali_date,
    search_key,
    to_latin_digits,
)
from peygir.spreadsheets.columns import BY_KEY, COLUMNS, Column, Kind, header_keys
from peygir.spreadsheets.lookups import Lookups
from peygir.spreadsheets.lookups import key as fold
from peygir.spreadsheets.reader import cell_text

# Exports put an apostrophe before text that a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = frozenset({*FORMULA_STARTS, "'"})
_SPLIT = re.compile(r"\s*(?:[؛;]|\n)\s*")
_YES = frozenset({"بله", "اری", "yes", "true", "1", "y", "x", "✓"})
_NO = frozenset({"خیر", "نه", "no", "false", "0", "n", ""})
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T[\d:.]+)?$")
# A long file repeats the same few thousand dates: convert each spelling once (a refused
# spelling raises every time: exceptions are not cached).
_jalali = lru_cache(maxsize=16384)(parse_jalali_date)


def neutralize(text: str) -> str:
    """Prefix text that Excel or LibreOffice would evaluate (=, +, -, @) with an apostrophe;
    text that already starts with an apostrophe before such a character (or another
    apostrophe) gets one more, so that the import's unneutralize gives back exactly the text."""
    if text.startswith(FORMULA_STARTS) or (text.startswith("'") and text[1:2] in _ESCAPED):
        return "'" + text
    return text


def unneutralize(text: str) -> str:
    if text.startswith("'") and text[1:2] in _ESCAPED:
        return text[1:]
    return text


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def tracking_code(self) -> str:
        return str(self.values.get("tracking_code", ""))


def check_header(header: list[Any]) -> tuple[dict[int, Column], list[str]]:
    """Map the file's column positions to columns; list what is missing, unknown or doubled."""
    known = header_keys()
    positions: dict[int, Column] = {}
    errors: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        written = unneutralize(cell_text(cell))
        if not written:
            continue
        column = known.get(search_key(written))
        if column is None:
            errors.append(_("Unknown column «%(name)s».") % {"name": written})
        elif column.key in seen:
            errors.append(_("The column «%(name)s» appears twice.") % {"name": column.header})
        else:
            seen.add(column.key)
            positions[index] = column
    missing = [c.header for c in COLUMNS if not c.read_only and c.key not in seen]
    if missing:
        errors.append(
            _("These columns are missing from the first row: %(names)s.")
            % {"names": "، ".join(f"«{name}»" for name in missing)}
        )
    return positions, errors


def parse_row(
    line: int, cells: list[Any], positions: dict[int, Column], lookups: Lookups
) -> ParsedRow:
    row = ParsedRow(line)
    for index, column in positions.items():
        if column.read_only:
            continue
        raw = cells[index] if index < len(cells) else None
        try:
            row.values[column.key] = _parse_cell(column, raw, lookups)
        except CellError as error:
            row.errors.append(
                _("Column «%(column)s»: %(error)s") % {"column": column.header, "error": error}
            )
    if not row.errors:
        _check_row(row)
    return row


class CellError(Exception):
    pass


def _parse_cell(column: Column, raw: Any, lookups: Lookups) -> Any:
    if column.kind == Kind.DATE and isinstance(raw, (datetime.datetime, datetime.date)):
        return raw.date() if isinstance(raw, datetime.datetime) else raw
    text = unneutralize(cell_text(raw))
    if column.kind == Kind.TEXT:
        # Kept as typed: the import compares it with the stored text (normalizing only when
        # they differ) and the services normalize what they store.
        if column.max_length and len(text) > column.max_length:
            raise CellError(
                _("at most %(limit)s characters.") % {"limit": to_fa(column.max_length)}
            )
        return text
    if column.kind == Kind.CODE:
        if text.isascii():
            return text.upper()
        return normalize_input(to_latin_digits(text)).upper()
    if not text:
        return [] if column.kind in {Kind.BODIES, Kind.PLACES} else _empty(column)
    return _PARSERS[column.kind](column, text, lookups)


def _empty(column: Column) -> Any:
    if column.kind == Kind.PERCENT:
        return 0
    if column.kind == Kind.YES_NO:
        return False
    if column.kind == Kind.CHOICE:
        return ""
    return None


def to_fa(number: int) -> str:
    from peygir.persian import to_persian_digits

    return to_persian_digits(str(number))


def _source(column: Column, text: str, lookups: Lookups) -> int:
    pk = lookups.source(text)
    if pk is None:
        raise CellError(_("no trip or meeting has the code «%(code)s».") % {"code": text})
    return pk


def _category(column: Column, text: str, lookups: Lookups) -> Any:
    category = lookups.category(text)
    if category is None:
        raise CellError(_("unknown category «%(name)s».") % {"name": text})
    return category


def _body(column: Column, text: str, lookups: Lookups) -> Any:
    body = lookups.body(text)
    if body is None:
        raise CellError(_("unknown body «%(name)s».") % {"name": text})
    return body


def _bodies(column: Column, text: str, lookups: Lookups) -> list[Any]:
    return [_body(column, part, lookups) for part in _SPLIT.split(text) if part]


def _places(column: Column, text: str, lookups: Lookups) -> list[Any]:
    found = []
    for part in _SPLIT.split(text):
        if not part:
            continue
        place = lookups.place(part)
        if place is None:
            raise CellError(_("unknown place «%(name)s».") % {"name": part})
        found.append(place)
    return found


def _choice(column: Column, text: str, lookups: Lookups) -> str:
    value = lookups.choice(column.key, text)
    if value is None:
        raise CellError(_("unknown value «%(value)s».") % {"value": text})
    return value


def _date(column: Column, text: str, lookups: Lookups) -> datetime.date:
    if _ISO.match(text):  # a real date cell of Excel: Gregorian
        return datetime.date.fromisoformat(text[:10])
    try:
        return _jalali(text)
    except JalaliDateError as error:
        raise CellError(str(error)) from error
    except (ValueError, OverflowError) as error:
        raise CellError(_("«%(value)s» is not a Jalali date.") % {"value": text}) from error


def _percent(column: Column, text: str, lookups: Lookups) -> int:
    cleaned = to_latin_digits(text).replace("%", "").replace("٪", "").strip()
    try:
        number = float(cleaned)
    except ValueError as error:
        raise CellError(_("«%(value)s» is not a number.") % {"value": text}) from error
    if not number.is_integer() or not 0 <= number <= 100:
        raise CellError(_("a whole number between 0 and 100."))
    return int(number)


def _yes_no(column: Column, text: str, lookups: Lookups) -> bool:
    key = fold(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(_("write «yes» or «no», not «%(value)s».") % {"value": text})


_PARSERS = {
    Kind.SOURCE: _source,
    Kind.CATEGORY: _category,
    Kind.BODY: _body,
    Kind.BODIES: _bodies,
    Kind.PLACES: _places,
    Kind.CHOICE: _choice,
    Kind.DATE: _date,
    Kind.PERCENT: _percent,
    Kind.YES_NO: _yes_no,
}


def _check_row(row: ParsedRow) -> None:
    """Rules within one row that need no database."""
    values = row.values
    if not str(values.get("title", "")).strip():
        row.errors.append(_("The title is empty."))
    start, deadline = values.get("start_date"), values.get("deadline")
    if start and deadline and deadline < start:
        row.errors.append(_("The current deadline is before the start date."))
    original = values.get("original_deadline")
    if start and original and original < start:
        row.errors.append(_("The original deadline is before the start date."))
    if original and not deadline:
        row.errors.append(_("The original deadline is filled in but the current deadline is not."))
    if values.get("status") == "":
        row.errors.append(_("The status is empty."))
    if values.get("visibility") == "":
        values["visibility"] = "internal"


__all__ = ["BY_KEY", "ParsedRow", "check_header", "neutralize", "parse_row", "unneutralize"]
