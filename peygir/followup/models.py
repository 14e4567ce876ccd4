"""Follow-up actions with their attachments, the escalation rules, and the sweep's ledger."""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peygir.followup.choices import ActionKind, Condition, Level

LETTER_KINDS = frozenset({ActionKind.LETTER_SENT, ActionKind.LETTER_RECEIVED})


class FollowupAction(models.Model):
    """One thing done to move a resolution: a letter, meeting, call, visit, inspection, note."""

    resolution = models.ForeignKey(
        "resolutions.Resolution",
        on_delete=models.PROTECT,
        related_name="followup_actions",
        verbose_name=_("resolution"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ActionKind.choices)
    date = models.DateField(_("date"))
    outcome = models.TextField(_("outcome"), blank=True)
    level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=Level.choices, default=Level.REMINDER
    )
    next_followup_date = models.DateField(_("next follow-up date"), null=True, blank=True)
    # Letters.
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    sender = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sender"),
    )
    recipient = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient organization"),
    )
    recipient_person = models.CharField(_("recipient (person)"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("in reply to"),
        db_index=False,  # see `followup_replies` below
    )
    # Visits and meetings.
    place = models.CharField(_("where"), max_length=300, blank=True)
    met_whom = models.CharField(_("whom they met"), max_length=300, blank=True)
    who_went = models.CharField(_("who went"), max_length=300, blank=True)
    obtained = models.TextField(_("what was obtained"), blank=True)
    # Internal actions (most letters) never reach the public timeline.
    is_internal = models.BooleanField(_("internal"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["resolution", "-date"], name="followup_resolution_date"),
            models.Index(
                fields=["reply_due"],
                name="followup_letter_reply_due",
                condition=models.Q(kind="letter_sent"),
            ),
            # The sweep's letters of a range of resolutions: the few letters awaiting a
            # reply, not every action of the range.
            models.Index(
                fields=["resolution", "reply_due"],
                name="followup_letters_awaiting",
                condition=models.Q(kind="letter_sent", reply_due__isnull=False),
            ),
            # The letters dashboard's letters of a county's, a body's or a category's
            # resolutions, each resolution's read off this index alone on PostgreSQL (a
            # category's letters at 1 M: 1.2 -> 0.26 s with `reports.filters.scoped_through`).
            # SQLite has no INCLUDE: there it finds a resolution's letters among its actions.
            models.Index(
                fields=["resolution"],
                include=["id", "recipient", "date", "reply_due"],
                name="followup_letters_of_resolution",
                condition=models.Q(kind="letter_sent"),
            ),
            # The replies, by the letter they answer: a tenth of the actions, where the
            # foreign key's full index held every other action as a NULL entry. With the
            # reply's date (PostgreSQL), the letters dashboard's reply times are read off it.
            models.Index(
                fields=["in_reply_to"],
                include=["date"],
                name="followup_replies",
                condition=models.Q(in_reply_to__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reply_due__isnull=True)
                | models.Q(reply_due__gte=models.F("date")),
                name="followup_reply_due_after_letter",
            )
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.letter_number}".strip()


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never trusts the uploaded one beyond its extension.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"followup/{timezone.now():%Y/%m}/{instance.action_id}-{timezone.now():%H%M%S%f}{suffix}"


class Attachment(models.Model):
    """A scanned letter, a photo of a field inspection, minutes of a meeting."""

    action = models.ForeignKey(
        FollowupAction,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("follow-up action"),
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class EscalationRule(models.Model):
    """When the sweep takes a rung of the ladder for a condition; the province edits these."""

    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)
    level = models.PositiveSmallIntegerField(_("escalation level"), choices=Level.choices)
    after_working_days = models.PositiveSmallIntegerField(
        _("after (working days)"),
        help_text=_("Working days since the condition began before this step is taken."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["condition", "level"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "level"], name="escalation_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} · {self.get_level_display()}"


class SweepStep(models.Model):
    """A step the sweep took: the row that makes it act once, even with two sweeps at once.

    `period` names one occurrence of the condition (the deadline that passed, the letter
    left unanswered, the last action before the silence), so a new occurrence starts the
    ladder again while the same one is never acted on twice.
    """

    # No index of its own: the unique constraint below starts with the resolution and
    # serves every lookup by it; one index fewer to write for each of a million steps.
    # No constraint of its own either: a step is written only with its event, in the same
    # transaction (`sweep._take`), and the event's key (resolutions/event_key.py) checks
    # the same resolution and keeps it from being deleted (the timeline is append-only, its
    # key PROTECT). The step's own check was half the foreign key checks of a first pass,
    # each a query the server runs at commit (benchmarks/README.md, «The step checked by
    # its event»).
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        on_delete=models.CASCADE,
        related_name="sweep_steps",
        verbose_name=_("resolution"),
        db_index=False,
        db_constraint=False,
    )
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)
    level = models.PositiveSmallIntegerField(_("escalation level"), choices=Level.choices)
    period = models.CharField(_("occurrence"), max_length=40)
    taken_on = models.DateField(_("taken on"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    # The sweep run that took the step, for its announcement. No index: a run's steps are
    # found above its `SweepRun.steps_after` (the id index), and an index of runs cost a
    # first pass at 1 M an entry for each of 1.4 M steps (2.8 s of PostgreSQL's work).
    run = models.UUIDField(_("sweep run"), null=True, blank=True)
    # The deadline in force when the step was taken: its message says what was true then.
    deadline = models.DateField(_("deadline then"), null=True, blank=True)

    class Meta:
        verbose_name = _("sweep step")
        verbose_name_plural = _("sweep steps")
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "condition", "level", "period"], name="sweep_step_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} · {self.get_level_display()}"


class SweepRun(models.Model):
    """One pass of the sweep, for telling people what it did.

    A pass tells each recipient once, in one message listing its steps, after the last
    chunk committed (a body does not get four thousand emails in a morning). `beat_at` is
    renewed while the run takes steps (at most every `sweep.BEAT_EVERY` seconds); a run
    whose beat stopped without being announced died half way, and the next sweep announces
    the steps it had committed.
    """

    run = models.UUIDField(_("sweep run"), unique=True)
    # The highest step id when the run began: every step it takes has a higher one, so its
    # steps are read from there on, not looked up by run in an index. Ids only grow: SQLite
    # takes the next rowid under its write lock, and PostgreSQL's identity sequence hands
    # numbers out in order (Django creates it uncached; a cache per session would not be).
    steps_after = models.BigIntegerField(_("steps before the run"), default=0)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    beat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")
        indexes = [
            models.Index(
                fields=["beat_at"],
                name="sweep_run_unannounced",
                condition=models.Q(announced_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return str(self.run)


class SweepDue(models.Model):
    """The first day the sweep may owe a resolution anything: a narrow row of its own.

    Database triggers (peygir/followup/marks.py) empty `due_on` ("look now") and move `mark`
    whenever the resolution or one of its follow-up actions is inserted, updated or
    deleted, by any path: the services, the admin, a shell or raw SQL. The sweep reads the
    mark with the facts it plans from and stores a due day only where the mark is still
    the one it read, so a write that lands while it plans is never overwritten. Keeping
    this off the resolution's own row spares the sweep from rewriting that wide,
    many-indexed row for every resolution it plans.
    """

    resolution = models.OneToOneField(
        "resolutions.Resolution",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sweep_due",
        verbose_name=_("resolution"),
    )
    due_on = models.DateField(_("next sweep due"), null=True, blank=True)
    mark = models.PositiveIntegerField(_("writes seen"), default=1)

    class Meta:
        verbose_name = _("sweep due day")
        verbose_name_plural = _("sweep due days")
        # SQLite's only: on PostgreSQL the day is rewritten in place, without an index
        # (peygir/followup/due_in_place.py, migration 0015).
        indexes = [models.Index(fields=["due_on"], name="sweep_due_on")]

    def __str__(self) -> str:
        return f"{self.resolution_id} · {self.due_on}"


class SweepBasis(models.Model):
    """What the stored due days (`SweepDue.due_on`) were computed from.

    One row. When the rules, the stale knob or the holidays change, or a sweep runs as of
    an earlier day than the last one, the next sweep looks at every resolution again.
    """

    fingerprint = models.CharField(_("fingerprint of the rules"), max_length=64)
    swept_through = models.DateField(_("swept through"))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("sweep basis")
        verbose_name_plural = _("sweep basis")

    def __str__(self) -> str:
        return f"{self.swept_through} · {self.fingerprint[:8]}"
