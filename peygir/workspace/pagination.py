"""A paginator that never counts a long list to the end.

An exact COUNT over a million resolutions costs more than the page itself. This one counts
at most `cap` rows; past that the list says "more than …" and pages are numbered without a
total, each page reading one row beyond its own to know whether another follows.
"""

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet

CAP = 1000


class OpenPage(Page):  # type: ignore[type-arg]
    """A page of a list whose length is not known; it knows only whether more follow."""

    def __init__(self, object_list: Sequence[Any], number: int, paginator: Any, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    cap = CAP

    @cached_property
    def count(self) -> int:
        """Count at most `cap` + 1 rows: enough to say whether the list is longer than `cap`."""
        if isinstance(self.object_list, QuerySet):
            # Without the ordering: which rows are counted does not change how many, and an
            # ordered head would sort every matching row before taking the first cap + 1.
            return int(self.object_list.order_by()[: self.cap + 1].count())
        return len(self.object_list[: self.cap + 1])

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    # Its errors never reach a reader: `get_page` turns them into the first or last page.
    def validate_number(self, number: Any) -> int:
        if not self.capped:
            return int(super().validate_number(number))
        try:
            value = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("not an integer") from error
        if value < 1:
            raise EmptyPage("less than 1")
        return value

    def get_page(self, number: Any) -> Page:  # type: ignore[type-arg]
        """As Django's, and a page past the end of a capped list (a stale link, a typed
        number) gives its last page, found by counting the rows up to the page asked for."""
        try:
            return super().get_page(number)
        except EmptyPage:
            if not self.capped:
                raise
        bottom = (self.validate_number(number) - 1) * self.per_page
        if isinstance(self.object_list, QuerySet):
            length = int(self.object_list.order_by()[:bottom].count())
        else:
            length = len(self.object_list[:bottom])
        return self.page(max(1, -(-length // self.per_page)))

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        if not self.capped:
            return super().page(number)
        value = self.validate_number(number)
        bottom = (value - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and value > 1:
            raise EmptyPage("no results")
        return OpenPage(rows[: self.per_page], value, self, more=len(rows) > self.per_page)
