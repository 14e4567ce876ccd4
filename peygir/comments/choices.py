from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    REJECTED = "rejected", _("Not published")


class Reason(models.TextChoices):
    """The source article's policy, one code per rule."""

    INSULT = "insult", _("Insult")
    ACCUSATION = "accusation", _("Accusation against a person or organization")
    NOT_PERSIAN = "not_persian", _("Not in Persian")
    OFF_TOPIC = "off_topic", _("Unrelated to the item")
    SPAM = "spam", _("Spam or advertising")
    DUPLICATE = "duplicate", _("Duplicate")


class Decision(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    REJECTED = "rejected", _("Not published")
    APPEALED = "appealed", _("Appeal received")


class TargetKind(models.TextChoices):
    """The public items a comment can be posted on."""

    PROMISE = "promise", _("Promise")
    ARTICLE = "article", _("News article")
