"""Page-number pagination with a page size the client may choose, up to a limit.

A list is counted up to 1 000 rows and no further (the staff lists' `CappedPaginator`):
counting every row of a long list cost more than its page (the 1 000 000 resolutions of the
national benchmark: 84-143 ms of a 120 ms page on PostgreSQL). `count` is exact up to
1 000; a longer list answers 1 001 with `count_exact` false, and its pages are numbered
without a total, each read with one row more to know whether `next` follows.
"""

from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from peygir.workspace.pagination import CappedPaginator


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    # Rows a view already counted up to the cap plus one (a search, from the index side): a
    # longer list then takes that count instead of counting again (`paginate_queryset`).
    counted: int | None = None

    def django_paginator_class(  # type: ignore[override]
        self, object_list: Any, per_page: int
    ) -> CappedPaginator:
        paginator = CappedPaginator(object_list, per_page)
        if self.counted is not None and self.counted > paginator.cap:
            paginator.__dict__["count"] = self.counted  # fills the cached count
        return paginator

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        number = request.query_params.get(self.page_query_param) or 1
        # A capped list has no known last page: «last» is then an invalid page (404).
        if number in self.last_page_strings and not paginator.capped:
            return paginator.num_pages
        return number

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None
        paginator = self.page.paginator
        assert isinstance(paginator, CappedPaginator)
        return Response(
            {
                "count": paginator.count,
                "count_exact": not paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        answer = super().get_paginated_response_schema(schema)
        properties = answer["properties"]
        cap = CappedPaginator.cap
        count = {
            **properties["count"],
            "description": (
                f"The number of results, counted up to {cap}; a longer list answers {cap + 1} "
                "(with count_exact false): follow `next` to its end to read them all."
            ),
        }
        exact = {
            "type": "boolean",
            "description": f"Whether count is the exact number of results (at most {cap}).",
        }
        rest = {name: value for name, value in properties.items() if name != "count"}
        answer["properties"] = {"count": count, "count_exact": exact, **rest}
        answer["required"] = ["count", "count_exact", "results"]
        return answer
