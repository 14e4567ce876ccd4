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
from .normalize import normalize, normalize_input
from .numbers import format_rials, parse_amount_rials, words_to_number
from .search import search_key, search_terms

__all__ = [
    "JALALI_MONTHS",
    "JalaliDateError",
    "date_to_jalali",
    "days_in_month",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_jalali_date",
    "format_jalali_datetime",
    "format_rials",
    "jalali_iso",
    "jalali_to_date",
    "month_name",
    "normalize",
    "normalize_input",
    "parse_amount_rials",
    "parse_jalali_date",
    "search_key",
    "search_terms",
    "to_latin_digits",
    "to_persian_digits",
    "unify_arabic_digits",
    "words_to_number",
]
