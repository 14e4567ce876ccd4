"""The controlled vocabularies of a resolution."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    TRIP = "trip", _("Trip")
    MEETING = "meeting", _("Meeting")
    NEEDS_DOSSIER = "needs_dossier", _("Council needs dossier")
    NEWS = "news", _("News item")


class Status(models.TextChoices):
    """Internal execution status. Overdue and stale are derived from dates, never set."""

    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_DONE = "partially_done", _("Partially done")
    DONE = "done", _("Done")
    STALLED = "stalled", _("Stalled")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = frozenset(
    {
        Status.REGISTERED,
        Status.ASSIGNED,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.PARTIALLY_DONE,
        Status.STALLED,
    }
)


class PublicRating(models.TextChoices):
    """What citizens see, judged on outcomes. "Not yet rated" means not reviewed."""

    NOT_RATED = "not_rated", _("Not yet rated")
    IN_THE_WORKS = "in_the_works", _("In the works")
    STALLED = "stalled", _("Stalled")
    KEPT = "kept", _("Kept")
    PARTLY_KEPT = "partly_kept", _("Partly kept")
    BROKEN = "broken", _("Broken")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class AuthorityLevel(models.TextChoices):
    PROVINCE = "province", _("Within the province's authority")
    MINISTRY = "ministry", _("Needs a ministry")


class FeasibilityVerdict(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    FEASIBLE = "feasible", _("Feasible")
    CONDITIONAL = "conditional", _("Feasible with conditions")
    INFEASIBLE = "infeasible", _("Not feasible")


class FundingSource(models.TextChoices):
    NATIONAL = "national", _("National budget")
    PROVINCIAL = "provincial", _("Provincial budget")
    COUNTY = "county", _("County share")
    OWN = "own", _("Body's own resources")
    BANK = "bank", _("Bank facilities")
    PRIVATE = "private", _("Private sector or benefactors")
    OTHER = "other", _("Other")


class RevisionState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class EventKind(models.TextChoices):
    CREATED = "created", _("Registered")
    UPDATED = "updated", _("Details changed")
    ASSIGNED = "assigned", _("Assigned")
    ACCEPTED = "accepted", _("Assignment accepted")
    CONTESTED = "contested", _("Assignment contested")
    STATUS_CHANGED = "status_changed", _("Status changed")
    PROGRESS_REPORTED = "progress_reported", _("Progress reported")
    DEADLINE_REVISION_REQUESTED = "deadline_revision_requested", _("Deadline revision requested")
    DEADLINE_REVISED = "deadline_revised", _("Deadline revised")
    DEADLINE_REVISION_REFUSED = "deadline_revision_refused", _("Deadline revision refused")
    FUNDING_ADDED = "funding_added", _("Funding line added")
    RATED = "rated", _("Public rating changed")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Withdrawn from the public")
    FEASIBILITY_ASSESSED = "feasibility_assessed", _("Feasibility assessed")
    FOLLOWUP_RECORDED = "followup_recorded", _("Follow-up recorded")
    REMINDED = "reminded", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated")
