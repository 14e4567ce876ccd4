"""The one list of columns that exports write and imports read, in this order.

A secretariat's Excel of resolutions has these columns today; an export opened, edited and
imported back changes exactly what was edited. Read-only columns (money totals kept in
funding lines) are written for the reader and ignored by the import.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peygir.persian import search_key


class Kind(StrEnum):
    CODE = "code"
    TEXT = "text"
    SOURCE = "source"
    CATEGORY = "category"
    BODY = "body"
    BODIES = "bodies"
    PLACES = "places"
    CHOICE = "choice"
    DATE = "date"
    PERCENT = "percent"
    YES_NO = "yes_no"
    RIALS = "rials"


# A column of these kinds names one row of another table (the resolution holds its id) ...
_FOREIGN = frozenset({Kind.SOURCE, Kind.CATEGORY, Kind.BODY})
# ... or several, through a link table.
_LINKED = frozenset({Kind.BODIES, Kind.PLACES})


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: Kind
    read_only: bool = False
    max_length: int = 0

    @property
    def header(self) -> str:
        return str(self.label)

    @property
    def field(self) -> str:
        """The resolution's own field behind this column: a foreign key as its id; none
        ("") for names linked through a table of their own or a read-only total."""
        if self.read_only or self.kind in _LINKED:
            return ""
        return f"{self.key}_id" if self.kind in _FOREIGN else self.key


COLUMNS: tuple[Column, ...] = (
    Column("tracking_code", _("Tracking code"), Kind.CODE),
    Column("title", _("Title"), Kind.TEXT, max_length=300),
    Column("text", _("Full text"), Kind.TEXT),
    Column("source", _("Source code (trip or meeting)"), Kind.SOURCE),
    Column("category", _("Category"), Kind.CATEGORY),
    Column("responsible_body", _("Responsible body"), Kind.BODY),
    Column("supporting_bodies", _("Supporting bodies"), Kind.BODIES),
    Column("places", _("Places"), Kind.PLACES),
    Column("followup_owner", _("Follow-up owner"), Kind.BODY),
    Column("national_counterpart", _("National counterpart"), Kind.BODY),
    Column("authority_level", _("Authority level"), Kind.CHOICE),
    Column("start_date", _("Start date"), Kind.DATE),
    Column("original_deadline", _("Original deadline"), Kind.DATE),
    Column("deadline", _("Current deadline"), Kind.DATE),
    Column("next_followup_date", _("Next follow-up date"), Kind.DATE),
    Column("status", _("Status"), Kind.CHOICE),
    Column("status_reason", _("Reason for the status"), Kind.TEXT),
    Column("progress", _("Progress (%)"), Kind.PERCENT),
    Column("visibility", _("Visibility"), Kind.CHOICE),
    Column("funding_not_needed", _("Needs no funding"), Kind.YES_NO),
    Column("approved", _("Approved funding (rials)"), Kind.RIALS, read_only=True),
    Column("spent", _("Spent funding (rials)"), Kind.RIALS, read_only=True),
)
BY_KEY = {column.key: column for column in COLUMNS}
FOREIGN_KEYS = frozenset(column.key for column in COLUMNS if column.kind in _FOREIGN)
# Several names in one cell: «؛» (what people type), «;» or one per line.
SEPARATOR = "؛ "
LANGUAGES = ("fa", "en")


def fields(**instead: str) -> tuple[str, ...]:
    """The resolution's fields behind the columns, in column order, for `values()`; `instead`
    reads another lookup for a column (`source="source__code"`)."""
    return tuple(instead.get(column.key, column.field) for column in COLUMNS if column.field)


def headers() -> list[str]:
    """The header row in the active language."""
    return [column.header for column in COLUMNS]


def header_keys() -> dict[str, Column]:
    """Every accepted spelling of every header (Persian and English), folded."""
    found: dict[str, Column] = {}
    for language in LANGUAGES:
        with translation.override(language):
            for column in COLUMNS:
                found[search_key(column.header)] = column
    for column in COLUMNS:
        found[search_key(column.key)] = column
    return found
