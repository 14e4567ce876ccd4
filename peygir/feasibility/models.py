"""The province's own feasibility checklist, and each resolution's answers to it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


# Answers that let a required item pass the gate; «no» and no answer at all block it.
PASSING_ANSWERS = frozenset({Answer.YES, Answer.NOT_APPLICABLE})


class ChecklistItem(models.Model):
    """One question the province asks of every resolution before it becomes a promise.

    The province edits these in the admin; the built-in conditions (body, funding,
    authority, deadline, verdict) are checked in code and need no item.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    question = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("guidance"), blank=True)
    is_required = models.BooleanField(
        _("required for publication"),
        default=True,
        help_text=_("A required item must be answered «yes» or «not applicable» to publish."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("feasibility checklist item")
        verbose_name_plural = _("feasibility checklist items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.question


class ChecklistAnswer(models.Model):
    """A resolution's answer to one checklist item: who answered, when, and why."""

    resolution = models.ForeignKey(
        "resolutions.Resolution",
        on_delete=models.CASCADE,
        related_name="checklist_answers",
        verbose_name=_("resolution"),
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("checklist item"),
    )
    answer = models.CharField(_("answer"), max_length=4, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "item"], name="feasibility_one_answer_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_answer_display()}"
