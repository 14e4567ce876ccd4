"""Every API error as JSON: a code, a Persian message, and a code and message per field.

    {"code": "invalid", "message": "…", "fields": {"deadline": [{"code": "…", "message": "…"}]}}

Services raise Django's ValidationError and PermissionDenied; the pages show them as
messages, and this handler turns the same exceptions into the API's shape.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from peygir.resolutions.services import ConcurrentEditError

NON_FIELD = "non_field_errors"


def _items(messages: Any) -> list[dict[str, str]]:
    """Flatten DRF's detail (ErrorDetail, list, or nested dict) into code/message pairs."""
    if isinstance(messages, dict):
        return [
            {"code": item["code"], "message": f"{key}: {item['message']}"}
            for key, value in messages.items()
            for item in _items(value)
        ]
    if isinstance(messages, list):
        return [item for value in messages for item in _items(value)]
    return [{"code": str(getattr(messages, "code", "invalid")), "message": str(messages)}]


def _django_fields(error: DjangoValidationError) -> dict[str, list[dict[str, str]]]:
    if hasattr(error, "error_dict"):
        return {
            NON_FIELD if field == "__all__" else field: [
                {"code": item.code or "invalid", "message": " ".join(item.messages)}
                for item in items
            ]
            for field, items in error.error_dict.items()
        }
    return {
        NON_FIELD: [
            {"code": item.code or "invalid", "message": " ".join(item.messages)}
            for item in error.error_list
        ]
    }


def _body(code: str, message: str, fields: dict[str, list[dict[str, str]]] | None = None) -> Any:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def _first_message(fields: dict[str, list[dict[str, str]]], default: str) -> str:
    for items in fields.values():
        for item in items:
            return item["message"]
    return default


def _validation_response(error: DjangoValidationError) -> Response:
    if isinstance(error, ConcurrentEditError):
        return Response(
            _body("concurrent_edit", " ".join(error.messages)), status=status.HTTP_409_CONFLICT
        )
    fields = _django_fields(error)
    code = fields[NON_FIELD][0]["code"] if NON_FIELD in fields and len(fields) == 1 else "invalid"
    message = _first_message(fields, _("The request is not valid."))
    return Response(_body(code, message, fields), status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Shape every error; unknown exceptions are left to Django (a 500, logged)."""
    if isinstance(exc, DjangoValidationError):
        return _validation_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or _("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD: exc.detail}
        fields = {str(key): _items(value) for key, value in detail.items()}
        message = _first_message(fields, _("The request is not valid."))
        response.data = _body("invalid", message, fields)
    else:
        code = exc.get_codes()
        response.data = _body(code if isinstance(code, str) else exc.default_code, str(exc.detail))
    return response
