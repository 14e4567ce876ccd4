from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peygir.core.models import AppendOnlyModel
from peygir.resolutions.choices import (
    AuthorityLevel,
    EventKind,
    FeasibilityVerdict,
    FundingSource,
    PublicRating,
    RevisionState,
    SourceKind,
    Status,
    Visibility,
)

NOT_NEGATIVE = MinValueValidator(0, message=_("An amount of money cannot be negative."))


class Category(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """Where resolutions come from: a trip, a meeting, a council needs dossier, a news item."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="sources", verbose_name=_("places")
    )
    organizer = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organized_sources",
        verbose_name=_("organizer"),
    )
    delegation = models.TextField(_("delegation"), blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("source (trip or meeting)")
        verbose_name_plural = _("sources (trips and meetings)")
        ordering = ["-start_date"]
        # The lists' trip drop-down offers the latest trips: read off the index, not sorted.
        indexes = [models.Index(fields=["start_date", "id"], name="source_start_id")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="source_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


# What the dashboards count of a resolution, carried by the indexes of their filters.
FACTS = [
    "id",
    "status",
    "deadline",
    "visibility",
    "public_rating",
    "responsible_body",
    "category",
    "source",
    "created_at",
]


class Resolution(models.Model):
    """A decision with a responsible body and usually a deadline: a promise to keep."""

    tracking_code = models.CharField(_("tracking code"), max_length=24, unique=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("full text"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("source")
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="resolutions", verbose_name=_("places")
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
        verbose_name=_("category"),
        db_index=False,  # see `resolution_category_facts` below
    )
    responsible_body = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for",
        verbose_name=_("responsible body"),
        db_index=False,  # see `resolution_body_facts` below
    )
    supporting_bodies = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="supporting",
        verbose_name=_("supporting bodies"),
    )
    followup_owner = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="following_up",
        verbose_name=_("follow-up owner"),
    )
    national_counterpart = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_for",
        verbose_name=_("national counterpart"),
    )
    authority_level = models.CharField(
        _("authority level"), max_length=10, choices=AuthorityLevel.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    deadline = models.DateField(_("current deadline"), null=True, blank=True)
    next_followup_date = models.DateField(_("next follow-up date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=[
            MinValueValidator(0, message=_("Progress must be between 0 and 100.")),
            MaxValueValidator(100, message=_("Progress must be between 0 and 100.")),
        ],
    )
    public_rating = models.CharField(
        _("public rating"),
        max_length=16,
        choices=PublicRating.choices,
        default=PublicRating.NOT_RATED,
    )
    rating_reason = models.TextField(_("reason for the rating"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    funding_not_needed = models.BooleanField(_("needs no funding"), default=False)
    feasibility_verdict = models.CharField(
        _("feasibility verdict"),
        max_length=14,
        choices=FeasibilityVerdict.choices,
        default=FeasibilityVerdict.NOT_ASSESSED,
    )
    feasibility_reasons = models.TextField(_("feasibility reasons"), blank=True)
    feasibility_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("feasibility assessed by"),
    )
    feasibility_assessed_at = models.DateTimeField(
        _("feasibility assessed at"), null=True, blank=True
    )
    # Optimistic locking: every write bumps it, and a write made against an older copy fails.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-created_at", "-id"]
        indexes = [
            # With id, so that a status's page in deadline order is read straight off it.
            models.Index(fields=["status", "deadline", "id"], name="resolution_status_deadline_id"),
            models.Index(fields=["responsible_body", "status"], name="resolution_body_status"),
            models.Index(fields=["visibility", "public_rating"], name="resolution_public"),
            models.Index(fields=["status", "original_deadline"], name="resolution_status_original"),
            # The lists' default order (deadline) and the API's (newest first): a page is read
            # from the index and stops at its last row instead of sorting every row.
            models.Index(fields=["deadline", "id"], name="resolution_deadline_id"),
            models.Index(fields=["created_at", "id"], name="resolution_created_id"),
            # The portal's place pages (issue 13): a place's public promises are found by id
            # from the links and counted off this index without reading their rows ...
            models.Index(
                fields=["visibility", "id", "public_rating", "status", "deadline"],
                name="resolution_public_counts",
            ),
            # ... and their first page in deadline order is read off this one. A body's and a
            # trip's pages need their own, or SQLite walks this one through every public row.
            models.Index(
                fields=["visibility", "deadline", "id"], name="resolution_public_deadline"
            ),
            models.Index(
                fields=["source", "visibility", "deadline", "id"], name="resolution_source_public"
            ),
            models.Index(
                fields=["responsible_body", "visibility", "deadline", "id"],
                name="resolution_body_public",
            ),
            # The portal search's order (latest change first): a common word's first page
            # walks it and stops at the page instead of sorting every public match (issue 13).
            models.Index(
                fields=["visibility", "-updated_at", "id"], name="resolution_public_updated"
            ),
            # The weekly agenda's order (owner's name, deadline): each owner's rows are read
            # in deadline order off this one and stop at the report's 60 (issue 13).
            models.Index(
                fields=["followup_owner", "deadline", "id"], name="resolution_owner_deadline"
            ),
            # A dashboard filtered by category or by body (issue 13) counts its rows, a
            # twentieth or a fortieth of all, scattered over the table: on PostgreSQL they
            # are counted off these indexes alone (a category's fulfilment dashboard 2.6 ->
            # 1.3 s at 1 M). SQLite has no INCLUDE: there they are the foreign keys' plain
            # indexes, as before.
            models.Index(
                fields=["category"],
                include=[f for f in FACTS if f != "category"],
                name="resolution_category_facts",
            ),
            models.Index(
                fields=["responsible_body"],
                include=[f for f in FACTS if f != "responsible_body"],
                name="resolution_body_facts",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=100),
                name="resolution_progress_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(deadline__gte=models.F("start_date")),
                name="resolution_deadline_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} · {self.title}"

    @property
    def is_open(self) -> bool:
        from peygir.resolutions.choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES


class DeadlineRevision(models.Model):
    """A change of deadline, kept forever: old date, new date, reason, who asked, who decided."""

    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        related_name="deadline_revisions",
        verbose_name=_("resolution"),
    )
    old_date = models.DateField(_("old deadline"), null=True, blank=True)
    new_date = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=RevisionState.choices, default=RevisionState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline revision")
        verbose_name_plural = _("deadline revisions")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.resolution.tracking_code}: {self.old_date} → {self.new_date}"


class FundingLine(models.Model):
    """Money for a resolution from one source in one Jalali fiscal year, in rials."""

    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name=_("resolution"),
    )
    source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (Jalali)"),
        validators=[
            MinValueValidator(1380, message=_("The fiscal year must be a Jalali year.")),
            MaxValueValidator(1500, message=_("The fiscal year must be a Jalali year.")),
        ],
    )
    approved = models.BigIntegerField(_("approved (rials)"), default=0, validators=[NOT_NEGATIVE])
    allocated = models.BigIntegerField(_("allocated (rials)"), default=0, validators=[NOT_NEGATIVE])
    spent = models.BigIntegerField(_("spent (rials)"), default=0, validators=[NOT_NEGATIVE])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["fiscal_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved__gte=0)
                & models.Q(allocated__gte=0)
                & models.Q(spent__gte=0),
                name="funding_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.fiscal_year}"


class ResolutionEvent(AppendOnlyModel):
    """One entry of a resolution's append-only timeline; the public timeline is a subset."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.PROTECT, related_name="events", verbose_name=_("resolution")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
        db_index=False,  # see `event_actor` below
    )
    # No index of its own: every read of events by time is of status changes (their partial
    # index below) or of one resolution's (its index); one over every kind took an entry
    # for each of a first pass's 1.4 M sweep events at 1 M.
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    is_public = models.BooleanField(_("public"), default=False)
    message = models.TextField(_("description"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("timeline events")
        ordering = ["created_at", "id"]
        # The status changes of recent days (the weekly report's «done» of the last seven),
        # without reading every other kind's events of those days. Partial: an index led by
        # the kind had SQLite take it over the resolution's index for a resolution's events
        # of one kind (the live scorecard's «done this week» read 5 875 events a row at 1 M).
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(kind="status_changed"),
                name="event_status_changed_created",
            ),
            # Only the events somebody did: the sweep's, a million and more on a first
            # pass at 1 M and more every day, are by nobody, and a full index on the actor
            # took every one of them as a NULL entry. Finding a person's events (and the
            # check before a user is deleted) asks for an actor, which this index serves.
            models.Index(
                fields=["actor"], condition=models.Q(actor__isnull=False), name="event_actor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d}"
