"""Every write to needs lists, items and dossiers; each writes the item's history."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.needs.models import (
    AnswerKind,
    Dossier,
    ItemStatus,
    ListStatus,
    NeedEvent,
    NeedItem,
    NeedsList,
)
from peygir.organizations.models import Organization
from peygir.persian import fiscal_year
from peygir.persian.normalize import normalize_input
from peygir.resolutions import services as resolution_services
from peygir.resolutions.choices import AuthorityLevel, SourceKind
from peygir.resolutions.models import Resolution, Source


def _event(item: NeedItem, kind: str, actor: User | None, message: str = "", **data: Any) -> None:
    NeedEvent.objects.create(item=item, kind=kind, actor=actor, message=message, data=data)


def _require_draft(needs_list: NeedsList) -> None:
    if needs_list.status != ListStatus.DRAFT:
        raise ValidationError(
            _(
                "This list has been submitted and can no longer be changed. Ask the "
                "development deputy's office to return it to you."
            ),
            code="list_submitted",
        )


@transaction.atomic
def needs_list_create(*, actor: User | None, council: Organization, title: str) -> NeedsList:
    return NeedsList.objects.create(council=council, title=normalize_input(title), created_by=actor)


@transaction.atomic
def need_item_add(
    *,
    actor: User | None,
    needs_list: NeedsList,
    title: str,
    description: str = "",
    place: Any = None,
    category: Any = None,
    estimated_cost: int = 0,
    priority: int = 2,
) -> NeedItem:
    """Add an item to a draft list."""
    _require_draft(needs_list)
    item = NeedItem(
        needs_list=needs_list,
        title=normalize_input(title),
        description=normalize_input(description),
        place=place,
        category=category,
        estimated_cost=estimated_cost,
        priority=priority,
    )
    item.full_clean(exclude=["tracking_code"], validate_constraints=False)
    item.save()
    return item


@transaction.atomic
def need_item_update(*, actor: User | None, item: NeedItem, **changes: Any) -> NeedItem:
    """Change an item of a draft list."""
    if item.needs_list is None:
        raise ValidationError(_("Only items of a council's list can be edited here."))
    _require_draft(item.needs_list)
    for name, value in changes.items():
        setattr(item, name, normalize_input(value) if isinstance(value, str) else value)
    item.full_clean(exclude=["tracking_code"], validate_constraints=False)
    item.save(update_fields=list(changes))
    return item


def _assign_tracking_code(item: NeedItem) -> None:
    year = fiscal_year(timezone.localdate())
    item.tracking_code = f"N-{year}-{item.pk:05d}"


@transaction.atomic
def needs_list_submit(*, actor: User | None, needs_list: NeedsList) -> NeedsList:
    """Submit the list: every item gets its tracking code and goes to the deputy."""
    _require_draft(needs_list)
    items = list(needs_list.items.all())
    if not items:
        raise ValidationError(_("Add at least one need before submitting the list."))
    for item in items:
        if not item.tracking_code:
            _assign_tracking_code(item)
        item.status = ItemStatus.SUBMITTED
        item.save(update_fields=["tracking_code", "status"])
        _event(item, "submitted", actor)
    needs_list.status = ListStatus.SUBMITTED
    needs_list.submitted_at = timezone.now()
    needs_list.save(update_fields=["status", "submitted_at"])
    return needs_list


@transaction.atomic
def needs_list_return(*, actor: User | None, needs_list: NeedsList, reason: str) -> NeedsList:
    """The deputy's office sends a submitted list back to the council, on the record."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the list is returned.")})
    needs_list.status = ListStatus.DRAFT
    needs_list.save(update_fields=["status"])
    for item in needs_list.items.all():
        _event(item, "returned", actor, normalize_input(reason))
    return needs_list


@transaction.atomic
def need_item_register_at_desk(
    *,
    actor: User | None,
    source: Source,
    title: str,
    requester_name: str,
    requester_contact: str = "",
    description: str = "",
    place: Any = None,
) -> NeedItem:
    """Register a request taken at a trip's public desk; it is followed like any need."""
    item = NeedItem.objects.create(
        desk_source=source,
        title=normalize_input(title),
        description=normalize_input(description),
        requester_name=normalize_input(requester_name),
        requester_contact=requester_contact.strip(),
        place=place,
        status=ItemStatus.SUBMITTED,
    )
    _assign_tracking_code(item)
    item.save(update_fields=["tracking_code"])
    _event(item, "registered_at_desk", actor, source=source.pk)
    return item


@transaction.atomic
def need_items_merge(
    *, actor: User | None, primary: NeedItem, duplicates: Iterable[NeedItem]
) -> NeedItem:
    """Merge duplicates into `primary`; the originals stay, marked and linked."""
    for duplicate in duplicates:
        if duplicate.pk == primary.pk:
            continue
        if duplicate.status == ItemStatus.MERGED:
            raise ValidationError(_("«%(title)s» is already merged.") % {"title": duplicate})
        duplicate.status = ItemStatus.MERGED
        duplicate.merged_into = primary
        duplicate.save(update_fields=["status", "merged_into"])
        _event(duplicate, "merged", actor, into=primary.pk)
        _event(primary, "absorbed", actor, duplicate=duplicate.pk)
        primary.estimated_cost = max(primary.estimated_cost, duplicate.estimated_cost)
    primary.save(update_fields=["estimated_cost"])
    return primary


@transaction.atomic
def need_item_classify(
    *,
    actor: User | None,
    item: NeedItem,
    target_body: Organization,
    provincial_priority: int | None = None,
) -> NeedItem:
    """Name the national body that can answer the item, and its provincial priority."""
    if item.status == ItemStatus.MERGED:
        raise ValidationError(_("A merged item is classified through the item it joined."))
    item.target_body = target_body
    item.provincial_priority = provincial_priority
    if item.status == ItemStatus.SUBMITTED:
        item.status = ItemStatus.CLASSIFIED
    item.save(update_fields=["target_body", "provincial_priority", "status"])
    _event(item, "classified", actor, body=target_body.pk, priority=provincial_priority)
    return item


@transaction.atomic
def dossier_create(
    *,
    actor: User | None,
    target_body: Organization,
    title: str,
    planned_date: datetime.date | None = None,
) -> Dossier:
    return Dossier.objects.create(
        target_body=target_body, title=normalize_input(title), planned_date=planned_date
    )


@transaction.atomic
def dossier_add_items(*, actor: User | None, dossier: Dossier, items: Iterable[NeedItem]) -> int:
    """Put classified items for the dossier's body into it."""
    added = 0
    for item in items:
        if item.target_body_id != dossier.target_body_id:
            raise ValidationError(
                _("«%(title)s» is classified for another body.") % {"title": item.title}
            )
        if item.status not in {ItemStatus.CLASSIFIED, ItemStatus.IN_DOSSIER}:
            raise ValidationError(
                _("«%(title)s» must be classified before it goes into a dossier.")
                % {"title": item.title}
            )
        item.dossier = dossier
        item.status = ItemStatus.IN_DOSSIER
        item.save(update_fields=["dossier", "status"])
        _event(item, "added_to_dossier", actor, dossier=dossier.pk)
        added += 1
    return added


@transaction.atomic
def dossier_record_visit(
    *,
    actor: User | None,
    dossier: Dossier,
    visit_date: datetime.date,
    delegation: str,
    met_with: str,
    notes: str = "",
) -> Dossier:
    """Record the Tehran visit: when, who went, whom they met."""
    dossier.visit_date = visit_date
    dossier.delegation = normalize_input(delegation)
    dossier.met_with = normalize_input(met_with)
    dossier.visit_notes = normalize_input(notes)
    dossier.save(update_fields=["visit_date", "delegation", "met_with", "visit_notes"])
    for item in dossier.items.all():
        _event(item, "visit_recorded", actor, dossier=dossier.pk)
    return dossier


def _dossier_source(dossier: Dossier, actor: User | None, day: datetime.date) -> Source:
    code = f"D-{dossier.pk:04d}"
    existing = Source.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return resolution_services.source_create(
        actor=actor,
        code=code,
        kind=SourceKind.NEEDS_DOSSIER,
        title=dossier.title,
        start_date=dossier.visit_date or day,
        organizer=None,
        delegation=dossier.delegation,
        summary=dossier.met_with,
    )


@transaction.atomic
def need_item_answer(
    *,
    actor: User | None,
    item: NeedItem,
    answer: str,
    note: str = "",
    answer_date: datetime.date,
    credit: int | None = None,
    credit_date: datetime.date | None = None,
    referred_to: Organization | None = None,
    followup_owner: Organization | None = None,
) -> NeedItem:
    """Record the national answer; an accepted item becomes a resolution, linked both ways."""
    if item.status == ItemStatus.MERGED:
        raise ValidationError(_("A merged item is answered through the item it joined."))
    if answer == AnswerKind.ACCEPTED and (credit is None or credit_date is None):
        raise ValidationError({"credit": _("An accepted need must state the credit and its date.")})
    if answer == AnswerKind.REFUSED and not note.strip():
        raise ValidationError({"answer_note": _("Give the reason for the refusal.")})
    if answer == AnswerKind.REFERRED and referred_to is None:
        raise ValidationError({"referred_to": _("Name the body the need was referred to.")})
    item.answer = answer
    item.answer_note = normalize_input(note)
    item.answer_date = answer_date
    item.credit = credit
    item.credit_date = credit_date
    item.referred_to = referred_to
    item.status = ItemStatus.ANSWERED
    if answer == AnswerKind.ACCEPTED and item.resolution_id is None:
        item.resolution = _resolution_from_need(item, actor, followup_owner)
    item.save()
    _event(item, "answered", actor, item.answer_note, answer=answer, credit=credit)
    _notify_council(item)
    return item


def _notify_council(item: NeedItem) -> None:
    """Queue the answer for the council's members, in the same transaction as the answer."""
    from peygir.notifications.models import NotificationKind
    from peygir.notifications.services import notification_queue

    if item.needs_list is None:
        return  # a public-desk request has no council to tell
    council_id = item.needs_list.council_id
    members = User.objects.filter(
        memberships__organization_id=council_id,
        memberships__role=Role.COUNCIL,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    if not members.exists():
        return
    subject = _("The answer to your need %(code)s") % {"code": item.tracking_code}
    notification_queue(
        users=members,
        kind=NotificationKind.NEED_ANSWER,
        subject=subject,
        template="need_answered",
        context={"subject": subject, "item": item},
        key=f"need-answer:{item.pk}:{item.answer}:{item.answer_date}",
    )


def _resolution_from_need(
    item: NeedItem, actor: User | None, followup_owner: Organization | None
) -> Resolution:
    dossier = item.dossier
    source = (
        _dossier_source(dossier, actor, item.answer_date or timezone.localdate())
        if dossier
        else item.desk_source
    )
    if source is None:
        raise ValidationError(_("The need must be in a dossier or come from a public desk."))
    resolution = resolution_services.resolution_create(
        actor=actor,
        source=source,
        title=item.title,
        text=item.description,
        category=item.category,
        places=[item.place] if item.place else [],
        followup_owner=followup_owner,
        national_counterpart=item.target_body,
        authority_level=AuthorityLevel.MINISTRY,
        start_date=item.answer_date,
    )
    if item.credit:
        resolution_services.funding_line_add(
            actor=actor,
            resolution=resolution,
            source="national",
            fiscal_year=fiscal_year(item.credit_date or timezone.localdate()),
            approved=item.credit,
            note=item.tracking_code or "",
        )
    return resolution
