"""The 503 answer itself; test_faults.py proves it against a PostgreSQL that really stops."""

import json

from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from peygir.core.unavailable import DatabaseUnavailableMiddleware, server_error


def _middleware() -> DatabaseUnavailableMiddleware:
    return DatabaseUnavailableMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]


def test_a_page_gets_the_persian_503_with_retry_after() -> None:
    request = RequestFactory().get("/promises/QM-1405-00001/")
    with translation.override("fa"):
        response = _middleware().process_exception(request, OperationalError("gone"))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "پیگیر موقتاً در دسترس نیست" in page
    assert "۳۰ ثانیهٔ دیگر" in page


def test_the_api_gets_json() -> None:
    request = RequestFactory().post("/api/v1/resolutions/1/followups/")
    with translation.override("fa"):
        response = _middleware().process_exception(request, OperationalError("gone"))
    assert response is not None
    assert response.status_code == 503
    assert json.loads(response.content)["detail"].startswith("پایگاه داده موقتاً در دسترس نیست")


def test_other_errors_are_left_to_the_500() -> None:
    request = RequestFactory().get("/")
    assert _middleware().process_exception(request, ValueError("bug")) is None


def test_the_handler500_answers_503_for_a_database_error_raised_outside_a_view() -> None:
    request = RequestFactory().get("/staff/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("bug")
    except ValueError:
        assert server_error(request).status_code == 500
