"""Template filters that show dates as Jalali and numbers with Persian digits.

Loaded as a builtin (settings.TEMPLATES), so every template can write
`{{ resolution.deadline|jdate }}` or `{{ count|fa }}` without `{% load %}`.
"""

import datetime
from typing import Any

from django import template

from peygir.persian import format_jalali_date, format_jalali_datetime
from peygir.persian.digits import to_persian_digits

register = template.Library()


@register.filter
def jdate(value: datetime.date | None, style: str = "") -> str:
    """Format a date as Jalali with Persian digits; `|jdate:"long"` spells the month."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return format_jalali_datetime(value)
    return format_jalali_date(value, long=style == "long")


@register.filter
def jdatetime(value: datetime.datetime | None) -> str:
    """Format an aware datetime as Jalali in Tehran time."""
    return format_jalali_datetime(value) if value else ""


@register.filter(name="fa")
def persian_digits(value: Any) -> str:
    """Show any value with Persian digits."""
    return "" if value is None else to_persian_digits(str(value))


@register.filter
def rials(value: int | None) -> str:
    """Show an amount in rials with Persian digits and separators."""
    if value is None:
        return ""
    return to_persian_digits(f"{int(value):,}").replace(",", "٬") + " ریال"
