"""Format a dashboard's cell by its column's kind, with Persian digits."""

import datetime
from typing import Any

from django import template

from peygir.persian import format_jalali_date, format_rials, to_persian_digits

register = template.Library()


def format_cell(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "text":
        return to_persian_digits(str(value))
    if kind == "date" and isinstance(value, datetime.date):
        return format_jalali_date(value)
    if kind == "rials":
        return format_rials(int(value))
    if kind == "percent":
        return to_persian_digits(str(value)) + "٪"
    if kind == "days":
        return to_persian_digits(f"{float(value):.1f}").replace(".", "٫")
    if isinstance(value, int):
        return to_persian_digits(f"{value:,}").replace(",", "٬")
    return to_persian_digits(str(value))


@register.filter
def cell(value: Any, kind: str) -> str:
    return format_cell(value, kind)


@register.filter
def cells(row: list[Any], columns: list[Any]) -> list[str]:
    """A row's values formatted by their columns' kinds."""
    return [format_cell(value, column.kind) for value, column in zip(row, columns, strict=False)]
