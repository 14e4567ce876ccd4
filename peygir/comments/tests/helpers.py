"""Helpers shared by the comment tests."""

from typing import Any

from django.test import Client

from peygir.comments.models import Comment
from peygir.resolutions.models import Resolution


def post_comment(client: Client, promise: Resolution, ip: str = "10.0.0.1", **fields: Any) -> Any:
    data = {
        "kind": "promise",
        "target": promise.pk,
        "name": "مریم احمدی",
        "email": "maryam@example.org",
        "text": "ممنون از پیگیری؛ امیدوارم آسفالت راه فردو زودتر تمام شود.",
        **fields,
    }
    return client.post("/comments/post/", data, REMOTE_ADDR=ip)


def last_comment() -> Comment:
    comment = Comment.objects.order_by("-id").first()
    assert comment is not None
    return comment
