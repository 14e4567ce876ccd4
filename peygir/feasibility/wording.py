"""Wording guidance: does the resolution's text say who does it and by when?

A promise whose text names no body or no time cannot be held to account, even when the
form fields are filled in. Matching works on search keys (peygir.persian.search_key), so
spelling variants, digits and ZWNJ do not matter.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from peygir.organizations.models import Organization
from peygir.persian import JALALI_MONTHS, search_key
from peygir.resolutions.models import Resolution

_MONTHS = "|".join(search_key(month) for month in JALALI_MONTHS)
_UNITS = "روز|روزه|هفته|ماه|ماهه|سال"
# Patterns over the search key (digits Latin, punctuation as spaces, ZWNJ removed).
_TIME_PATTERNS = [
    # a written date: 1404/08/30 or 1404-8-30
    re.compile(r"\b1[34]\d\d \d{1,2} \d{1,2}\b|\b\d{1,2} \d{1,2} 1[34]\d\d\b"),
    # a month with its year, or the end/start of a month: «آبان ۱۴۰۴», «پایان خرداد»
    re.compile(rf"\b(?:{_MONTHS})(?: ماه)? 1[34]\d\d\b"),
    re.compile(rf"\b(?:پایان|انتهای|ابتدای|اول|نیمه|اواسط|اواخر|تا) (?:{_MONTHS})\b"),
    # «پایان سال», «سال ۱۴۰۵», «سال جاری», «هفته آینده»
    re.compile(r"\b(?:پایان|انتهای|نیمه اول|نیمه دوم) سال\b|\bسال 1[34]\d\d\b"),
    re.compile(r"\b(?:هفته|ماه|سال) (?:اینده|جاری)\b"),
    # a span: «ظرف دو ماه», «حداکثر ۳۰ روز», «طی سه ماه آینده», «یک ماهه»
    re.compile(rf"\b(?:ظرف|طی|حداکثر|مدت|تا)(?: \S+){{0,3}} (?:{_UNITS})\b"),
    re.compile(rf"\b\d+ (?:{_UNITS})\b"),
]


@dataclass(frozen=True)
class Hint:
    code: str
    message: str


@functools.lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    # Organization names rarely change and every page view compares all of them.
    return search_key(name)


def has_time_expression(text: str) -> bool:
    """Return whether `text` says by when: a date, a month, a year or a span of time."""
    key = search_key(text)
    return any(pattern.search(key) for pattern in _TIME_PATTERNS)


def bodies_named(text: str, organizations: Iterable[Organization]) -> list[Organization]:
    """Return the organizations whose name or short name appears in `text`."""
    key = f" {search_key(text)} "
    found: list[Organization] = []
    for organization in organizations:
        names = [organization.name, organization.short_name]
        keys = {_name_key(name) for name in names if name}
        if any(name_key and f" {name_key} " in key for name_key in keys):
            found.append(organization)
    return found


def wording_hints(resolution: Resolution) -> tuple[list[Hint], list[Organization]]:
    """Return the wording hints for the resolution, and the bodies its text names."""
    text = f"{resolution.title}\n{resolution.text}"
    organizations = Organization.objects.filter(is_active=True).only("pk", "name", "short_name")
    named = bodies_named(text, organizations)
    hints: list[Hint] = []
    if not named:
        hints.append(
            Hint(
                "no_body_in_text",
                _(
                    "The text names no responsible body. Write who carries it out, for "
                    "example «مقرر شد اداره کل … نسبت به … اقدام کند»."
                ),
            )
        )
    elif resolution.responsible_body_id and all(
        body.pk != resolution.responsible_body_id for body in named
    ):
        hints.append(
            Hint(
                "other_body_in_text",
                _("The text does not name the responsible body recorded for it."),
            )
        )
    if not has_time_expression(text):
        hints.append(
            Hint(
                "no_time_in_text",
                _(
                    "The text says nothing about when. Add the deadline to the text, for "
                    "example «تا پایان خرداد ۱۴۰۵» or «ظرف سه ماه»."
                ),
            )
        )
    return hints, named
