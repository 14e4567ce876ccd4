"""`{% comment_section target %}`: a public item's published comments and the form, in one line.

{% load comments %}
{% comment_section promise %}
"""

from typing import Any

from django import template
from django.db import models

from peygir.comments.choices import Reason
from peygir.comments.forms import CommentForm
from peygir.comments.selectors import comments_published_on
from peygir.comments.targets import target_kind

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context: template.Context, target: models.Model) -> dict[str, Any]:
    kind = target_kind(target)
    form = CommentForm(initial={"kind": kind, "target": target.pk})
    return {
        "comments": list(comments_published_on(target)) if kind else [],
        "comment_form": form,
        "kind": kind,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.filter
def reason_label(code: str) -> str:
    """Show a reason code as its Persian label."""
    return str(Reason(code).label) if code in Reason.values else code
