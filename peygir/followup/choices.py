"""The vocabularies of follow-up: kinds of action, the escalation ladder, sweep conditions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    LETTER_SENT = "letter_sent", _("Letter sent")
    LETTER_RECEIVED = "letter_received", _("Letter received")
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Phone call")
    VISIT = "visit", _("In-person visit")
    INSPECTION = "inspection", _("Field inspection")
    NOTE = "note", _("Note")


class Level(models.IntegerChoices):
    """The escalation ladder, one rung at a time; the sweep never skips a rung."""

    REMINDER = 0, _("Reminder to the responsible body and the follow-up owner")
    COUNTY = 1, _("County governorate")
    DEPUTY = 2, _("Development deputy")
    GOVERNOR = 3, _("Governor")
    MINISTRY_LETTER = 4, _("Letter to the ministry")
    VISIT = 5, _("In-person visit")


class Condition(models.TextChoices):
    """What the sweep looks for. The first three break the invariant of DESIGN.md."""

    NO_OWNER = "no_owner", _("No responsible body or follow-up owner")
    NO_DEADLINE = "no_deadline", _("No deadline")
    NO_NEXT_FOLLOWUP = "no_next_followup", _("No next follow-up date")
    OVERDUE = "overdue", _("Overdue")
    STALE = "stale", _("No follow-up action for too long")
    LETTER_UNANSWERED = "letter_unanswered", _("Letter past its reply date")


# Conditions that only ever earn a reminder: they are fixed by filling in a field.
MISSING_CONDITIONS = frozenset(
    {Condition.NO_OWNER, Condition.NO_DEADLINE, Condition.NO_NEXT_FOLLOWUP}
)
