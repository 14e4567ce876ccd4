from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peygir.core.models import AppendOnlyModel
from peygir.resolutions.models import NOT_NEGATIVE


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CLASSIFIED = "classified", _("Classified")
    IN_DOSSIER = "in_dossier", _("In a dossier")
    ANSWERED = "answered", _("Answered")
    MERGED = "merged", _("Merged into another item")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class AnswerKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    NEEDS_STUDY = "needs_study", _("Needs study")
    REFUSED = "refused", _("Refused")
    REFERRED = "referred", _("Referred")


class NeedEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned to the council")
    REGISTERED_AT_DESK = "registered_at_desk", _("Registered at a public desk")
    MERGED = "merged", _("Merged into another need")
    ABSORBED = "absorbed", _("Another council's same need merged in")
    CLASSIFIED = "classified", _("Classified")
    ADDED_TO_DOSSIER = "added_to_dossier", _("Added to a dossier")
    VISIT_RECORDED = "visit_recorded", _("Tehran visit recorded")
    ANSWERED = "answered", _("National answer recorded")


class NeedsList(models.Model):
    """One council's list of needs and problems, editable until it is submitted."""

    council = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="needs_lists",
        verbose_name=_("council"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("needs list")
        verbose_name_plural = _("needs lists")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class NeedItem(models.Model):
    """One need or problem; it may be merged, bundled into a dossier, answered, and become a
    resolution."""

    needs_list = models.ForeignKey(
        NeedsList,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("needs list"),
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=24, unique=True, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("place")
    )
    category = models.ForeignKey(
        "resolutions.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("category"),
    )
    estimated_cost = models.BigIntegerField(
        _("estimated cost (rials)"), default=0, validators=[NOT_NEGATIVE]
    )
    priority = models.PositiveSmallIntegerField(
        _("council's priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    # Set by the development deputy.
    target_body = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targeted_needs",
        verbose_name=_("national body that can answer"),
    )
    provincial_priority = models.PositiveSmallIntegerField(
        _("provincial priority"), null=True, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_items",
        verbose_name=_("merged into"),
    )
    dossier = models.ForeignKey(
        "needs.Dossier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("dossier"),
    )
    # A request taken at a trip's public desk has no council list, but a source and a requester.
    desk_source = models.ForeignKey(
        "resolutions.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="desk_requests",
        verbose_name=_("public desk of"),
    )
    requester_name = models.CharField(_("requester"), max_length=120, blank=True)
    requester_contact = models.CharField(_("requester's contact"), max_length=120, blank=True)
    # The national answer.
    answer = models.CharField(_("answer"), max_length=12, choices=AnswerKind.choices, blank=True)
    answer_note = models.TextField(_("answer details"), blank=True)
    answer_date = models.DateField(_("answer date"), null=True, blank=True)
    credit = models.BigIntegerField(
        _("credit granted (rials)"), null=True, blank=True, validators=[NOT_NEGATIVE]
    )
    credit_date = models.DateField(_("credit date"), null=True, blank=True)
    referred_to = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_needs",
        verbose_name=_("referred to"),
    )
    resolution = models.OneToOneField(
        "resolutions.Resolution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="need",
        verbose_name=_("resolution"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["provincial_priority", "priority", "id"]

    def __str__(self) -> str:
        return self.title


class NeedDocument(models.Model):
    item = models.ForeignKey(
        NeedItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("need")
    )
    file = models.FileField(_("file"), upload_to="needs/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self) -> str:
        return self.name


class Dossier(models.Model):
    """The bundle of needs taken to one ministry or national body on a Tehran visit."""

    target_body = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("ministry or national body"),
    )
    title = models.CharField(_("title"), max_length=200)
    planned_date = models.DateField(_("planned visit date"), null=True, blank=True)
    visit_date = models.DateField(_("visit date"), null=True, blank=True)
    delegation = models.TextField(_("who went"), blank=True)
    met_with = models.TextField(_("whom they met"), blank=True)
    visit_notes = models.TextField(_("visit notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class NeedEvent(AppendOnlyModel):
    """Append-only history of a need: submitted, merged, classified, answered, ..."""

    item = models.ForeignKey(
        NeedItem, on_delete=models.PROTECT, related_name="events", verbose_name=_("need")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NeedEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    message = models.TextField(_("description"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("need event")
        verbose_name_plural = _("need events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.kind
