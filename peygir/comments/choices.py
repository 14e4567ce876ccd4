from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Words like "Published" have other meanings in other apps' catalogues; a context keeps ours.


class State(models.TextChoices):
    PENDING = "pending", pgettext_lazy("comment moderation", "Pending")
    PUBLISHED = "published", pgettext_lazy("comment moderation", "Published")
    HELD = "held", pgettext_lazy("comment moderation", "Held for review")
    REJECTED = "rejected", pgettext_lazy("comment moderation", "Not published")


class Reason(models.TextChoices):
    """The source article's policy, one code per rule."""

    INSULT = "insult", pgettext_lazy("comment moderation", "Insult")
    ACCUSATION = "accusation", _("Accusation against a person or organization")
    NOT_PERSIAN = "not_persian", _("Not in Persian")
    OFF_TOPIC = "off_topic", _("Unrelated to the item")
    SPAM = "spam", _("Spam or advertising")
    DUPLICATE = "duplicate", pgettext_lazy("comment moderation", "Duplicate")


class Decision(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("comment moderation", "Published")
    HELD = "held", pgettext_lazy("comment moderation", "Held for review")
    REJECTED = "rejected", pgettext_lazy("comment moderation", "Not published")
    APPEALED = "appealed", pgettext_lazy("comment moderation", "Appeal received")


class TargetKind(models.TextChoices):
    """The public items a comment can be posted on."""

    PROMISE = "promise", pgettext_lazy("comment moderation", "Promise")
    ARTICLE = "article", _("News article")
