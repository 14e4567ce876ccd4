"""The public items a comment can be posted on, without importing the apps that own them.

The portal is built beside this app; looking its models up by name at run time keeps the
comments working whichever lands first.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from peygir.comments.choices import TargetKind


@dataclass(frozen=True)
class TargetType:
    kind: TargetKind
    model: str  # "app_label.ModelName"
    url_name: str
    url_field: str

    def model_class(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model)
        except LookupError:
            return None


TARGET_TYPES = {
    TargetKind.PROMISE: TargetType(
        TargetKind.PROMISE, "resolutions.Resolution", "portal:promise", "tracking_code"
    ),
    TargetKind.ARTICLE: TargetType(TargetKind.ARTICLE, "portal.Article", "portal:article", "pk"),
}


def _public_filter(kind: TargetKind) -> dict[str, Any]:
    if kind == TargetKind.PROMISE:
        return {"visibility": "public"}
    return {"published_at__isnull": False, "published_at__lte": timezone.now()}


def target_get_public(kind: str, pk: int) -> models.Model | None:
    """Return the public item, or None when it does not exist or is not public."""
    try:
        target_type = TARGET_TYPES[TargetKind(kind)]
    except ValueError:
        return None
    model = target_type.model_class()
    if model is None:
        return None
    found: models.Model | None = model._default_manager.filter(
        pk=pk, **_public_filter(target_type.kind)
    ).first()
    return found


def target_kind(target: models.Model) -> TargetKind | None:
    label = target._meta.label
    for kind, target_type in TARGET_TYPES.items():
        if target_type.model == label:
            return kind
    return None


def target_text(target: models.Model) -> str:
    """The item's own words, which a comment's relevance is measured against."""
    parts = [getattr(target, name, "") for name in ("title", "summary", "text", "body")]
    return "\n".join(str(p) for p in parts if p)


def target_title(target: models.Model) -> str:
    return str(getattr(target, "title", target))


def target_url(target: models.Model) -> str:
    kind = target_kind(target)
    if kind is None:
        return ""
    target_type = TARGET_TYPES[kind]
    try:
        return reverse(target_type.url_name, args=[getattr(target, target_type.url_field)])
    except NoReverseMatch:
        return ""
