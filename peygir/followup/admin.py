"""Follow-up in the admin: actions (recorded through the services), rules, the sweep's ledger."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peygir.core.admin import HistoryAdmin, PersianAdmin, PersianInline
from peygir.followup import services
from peygir.followup.choices import ActionKind
from peygir.followup.models import Attachment, EscalationRule, FollowupAction, SweepRun, SweepStep


class AttachmentInline(PersianInline):
    model = Attachment
    fields = ["name", "content_type", "size", "file"]
    readonly_fields = ["name", "content_type", "size", "file"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FollowupAction)
class FollowupActionAdmin(PersianAdmin):
    list_display = ["resolution", "kind", "date", "letter_number", "level", "is_internal"]
    list_filter = ["kind", "level", "is_internal"]
    search_fields = ["letter_number", "subject", "resolution__tracking_code", "resolution__title"]
    list_select_related = ["resolution"]
    raw_id_fields = ["resolution", "in_reply_to"]
    inlines = [AttachmentInline]
    exclude = ["recorded_by", "recorded_at"]

    # History is not rewritten: a recorded action is read, never edited.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Record through the same services as the pages, so events and dates follow."""
        actor = request.user
        common = {
            "actor": actor,
            "next_followup_date": obj.next_followup_date,
            "is_internal": obj.is_internal,
        }
        if obj.kind == ActionKind.LETTER_RECEIVED and obj.in_reply_to is not None:
            saved = services.followup_record_reply(
                letter=obj.in_reply_to,
                number=obj.letter_number,
                date=obj.date,
                subject=obj.subject,
                outcome=obj.outcome,
                **common,
            )
        elif obj.kind in {ActionKind.LETTER_SENT, ActionKind.LETTER_RECEIVED}:
            saved = services.followup_record_letter(
                resolution=obj.resolution,
                number=obj.letter_number,
                date=obj.date,
                subject=obj.subject,
                sender=obj.sender,
                recipient=obj.recipient,
                recipient_person=obj.recipient_person,
                reply_due=obj.reply_due,
                outcome=obj.outcome,
                level=obj.level,
                **common,
            )
        elif obj.kind == ActionKind.VISIT:
            saved = services.followup_record_visit(
                resolution=obj.resolution,
                date=obj.date,
                place=obj.place,
                met_whom=obj.met_whom,
                who_went=obj.who_went,
                obtained=obj.obtained,
                outcome=obj.outcome,
                level=obj.level,
                **common,
            )
        else:
            saved = services.followup_record_action(
                resolution=obj.resolution,
                kind=obj.kind,
                date=obj.date,
                outcome=obj.outcome,
                place=obj.place,
                met_whom=obj.met_whom,
                level=obj.level,
                **common,
            )
        obj.pk = saved.pk


@admin.register(EscalationRule)
class EscalationRuleAdmin(PersianAdmin):
    list_display = ["condition", "level", "after_working_days", "is_active"]
    list_editable = ["after_working_days", "is_active"]
    list_filter = ["condition", "is_active"]


@admin.register(SweepStep)
class SweepStepAdmin(HistoryAdmin, PersianAdmin):
    list_display = ["resolution", "condition", "level", "period", "taken_on", "deadline"]
    list_filter = ["condition", "level"]
    search_fields = ["resolution__tracking_code"]
    list_select_related = ["resolution"]


@admin.register(SweepRun)
class SweepRunAdmin(HistoryAdmin, PersianAdmin):
    """Read-only: when each pass ran and whether its recipients were told."""

    list_display = ["run", "started_at", "beat_at", "announced_at"]
    date_hierarchy = "started_at"
