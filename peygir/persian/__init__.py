"""Persian text for Peygir: digits, Jalali dates, normalization, search keys and amounts.

Pure Python: nothing here imports Django, so every function is testable without a database.
"""

from .digits import to_latin_digits, to_persian_digits, unify_arabic_digits
from .jalali import (
    JALALI_MONTHS,
    JalaliDateError,
    date_to_jalali,
    days_in_month,
    fiscal_year,
    fiscal_year_bounds,
    format_jalali_date,
    format_jalali_datetime,
    jalali_iso,
    jalali_to_date,
    month_name,
    parse_jalali_date,
)

__all__ = [
    "JALALI_MONTHS",
    "JalaliDateError",
    "date_to_jalali",
    "days_in_month",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_jalali_date",
    "format_jalali_datetime",
    "jalali_iso",
    "jalali_to_date",
    "month_name",
    "parse_jalali_date",
    "to_latin_digits",
    "to_persian_digits",
    "unify_arabic_digits",
]
