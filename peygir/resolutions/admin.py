"""The resolution admin: every write goes through the services, so the timeline stays true."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from peygir.core.admin import HistoryAdmin, PersianAdmin, PersianInline
from peygir.core.forms import JalaliDateField
from peygir.persian import format_jalali_date, format_jalali_datetime
from peygir.persian.digits import to_persian_digits
from peygir.resolutions import services
from peygir.resolutions.choices import OPEN_STATUSES, PublicRating, Status
from peygir.resolutions.models import (
    Category,
    DeadlineRevision,
    FundingLine,
    Resolution,
    ResolutionEvent,
    Source,
)
from peygir.resolutions.selectors import resolutions_visible_to, sources_visible_to
from peygir.search.selectors import resolution_search_ids


@admin.register(Category)
class CategoryAdmin(PersianAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Source)
class SourceAdmin(PersianAdmin):
    list_display = ["title", "kind", "jalali_start", "code"]
    list_filter = ["kind"]
    search_fields = ["title", "code", "summary", "minutes"]
    autocomplete_fields = ["places", "organizer"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description=_("start date"), ordering="start_date")
    def jalali_start(self, obj: Source) -> str:
        return format_jalali_date(obj.start_date)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return sources_visible_to(request.user)  # type: ignore[arg-type]

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class FundingLineInline(PersianInline):
    model = FundingLine
    can_delete = False
    fields = ["source", "fiscal_year", "approved", "allocated", "spent", "note"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeadlineRevisionInline(PersianInline):
    model = DeadlineRevision
    can_delete = False
    fields = ("old_date", "new_date", "reason", "state", "requested_by", "decided_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ResolutionForm(forms.ModelForm):  # type: ignore[type-arg]
    """The descriptive fields, plus one-step actions that each call a service."""

    new_status = forms.ChoiceField(
        label=_("Change status to"), required=False, choices=[("", "—"), *Status.choices]
    )
    status_note = forms.CharField(label=_("Reason for the status"), required=False)
    new_progress = forms.IntegerField(label=_("Report progress (%)"), required=False)
    progress_note = forms.CharField(label=_("Progress note"), required=False)
    new_deadline = JalaliDateField(label=_("New deadline"), required=False)
    deadline_reason = forms.CharField(label=_("Reason for the new deadline"), required=False)
    new_rating = forms.ChoiceField(
        label=_("Public rating"), required=False, choices=[("", "—"), *PublicRating.choices]
    )
    rating_note = forms.CharField(label=_("Reason for the rating"), required=False)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Resolution
        fields = [
            "title",
            "text",
            "source",
            "category",
            "places",
            "responsible_body",
            "supporting_bodies",
            "followup_owner",
            "national_counterpart",
            "authority_level",
            "start_date",
            "deadline",
            "next_followup_date",
            "funding_not_needed",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, deadline = data.get("start_date"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the start date."))
        return data

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            # The deadline moves only through a recorded revision.
            self.fields["deadline"].disabled = True
            self.fields["responsible_body"].disabled = self.instance.status not in {
                Status.REGISTERED,
                Status.ASSIGNED,
            }


@admin.register(Resolution)
class ResolutionAdmin(PersianAdmin):
    form = ResolutionForm
    list_display = [
        "tracking_code",
        "title",
        "responsible_body",
        "status",
        "progress_fa",
        "deadline_fa",
        "overdue",
        "public_rating",
        "visibility",
    ]
    list_filter = ["status", "public_rating", "visibility", "category", "source__kind"]
    search_fields = ["tracking_code", "title", "text", "responsible_body__name"]
    list_select_related = ["responsible_body"]
    autocomplete_fields = [
        "source",
        "places",
        "responsible_body",
        "supporting_bodies",
        "followup_owner",
        "national_counterpart",
    ]
    readonly_fields = ("tracking_code", "status", "progress", "public_rating", "visibility")
    inlines = [FundingLineInline, DeadlineRevisionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A resolution has history from its first moment (its timeline is append-only and
        # protects it); the admin offers no delete that would only fail.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return (*self.readonly_fields, "timeline")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        main = (None, {"fields": ResolutionForm.Meta.fields})
        if obj is None:
            return [main]
        return [
            (None, {"fields": ["tracking_code", "status", "progress", "public_rating"]}),
            main,
            (
                _("Actions"),
                {
                    "fields": [
                        ("new_status", "status_note"),
                        ("new_progress", "progress_note"),
                        ("new_deadline", "deadline_reason"),
                        ("new_rating", "rating_note"),
                        "seen_version",
                    ]
                },
            ),
            (_("Timeline"), {"fields": ["timeline"]}),
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Resolution]:
        return resolutions_visible_to(request.user)  # type: ignore[arg-type]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Resolution], search_term: str
    ) -> tuple[QuerySet[Resolution], bool]:
        # The full-text index ignores spelling variants (ZWNJ, ي/ك, digits) that icontains misses.
        if not search_term.strip():
            return queryset, False
        matching = resolution_search_ids(request.user, search_term)  # type: ignore[arg-type]
        return queryset.filter(pk__in=matching), False

    @admin.display(description=_("progress"), ordering="progress")
    def progress_fa(self, obj: Resolution) -> str:
        return to_persian_digits(f"{obj.progress}٪")

    @admin.display(description=_("deadline"), ordering="deadline")
    def deadline_fa(self, obj: Resolution) -> str:
        return format_jalali_date(obj.deadline)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj: Resolution) -> bool:
        from django.utils import timezone

        return bool(
            obj.deadline and obj.status in OPEN_STATUSES and obj.deadline < timezone.localdate()
        )

    @admin.display(description=_("timeline"))
    def timeline(self, obj: Resolution) -> str:
        rows = ResolutionEvent.objects.filter(resolution=obj).select_related("actor")
        return format_html(
            '<ul class="peygir-timeline">{}</ul>',
            format_html_join(
                "",
                '<li><span class="when">{}</span> <strong>{}</strong> {} <em>{}</em></li>',
                (
                    (
                        format_jalali_datetime(event.created_at),
                        event.get_kind_display(),
                        event.message,
                        event.actor or "",
                    )
                    for event in rows
                ),
            ),
        )

    def save_model(self, request: HttpRequest, obj: Resolution, form: Any, change: bool) -> None:
        data = form.cleaned_data
        actor = request.user
        if not change:
            created = services.resolution_create(
                actor=actor,  # type: ignore[arg-type]
                **{name: data[name] for name in ResolutionForm.Meta.fields},
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        try:
            # All the requested actions land together or not at all.
            with transaction.atomic():
                self._apply_changes(request, obj, form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            request._peygir_refused = True  # type: ignore[attr-defined]

    def response_change(self, request: HttpRequest, obj: Resolution) -> HttpResponse:
        if getattr(request, "_peygir_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if getattr(request, "_peygir_refused", False):
            return None
        return super().log_change(request, obj, message)

    def _apply_changes(self, request: HttpRequest, obj: Resolution, form: Any) -> None:
        data = form.cleaned_data
        actor: Any = request.user
        current = Resolution.objects.get(pk=obj.pk)
        seen = data.get("seen_version") or current.version
        details = {
            name: data[name]
            for name in form.changed_data
            if name in ResolutionForm.Meta.fields and name not in {"deadline"}
        }
        if details:
            services.resolution_update_details(
                actor=actor, resolution=current, expected_version=seen, **details
            )
        elif seen != current.version:
            raise services.ConcurrentEditError()
        if data.get("new_deadline"):
            services.resolution_revise_deadline(
                actor=actor,
                resolution=current,
                new_date=data["new_deadline"],
                reason=data.get("deadline_reason", ""),
            )
        if data.get("new_status"):
            services.resolution_change_status(
                actor=actor,
                resolution=current,
                status=data["new_status"],
                reason=data.get("status_note", ""),
            )
        if data.get("new_progress") is not None:
            services.resolution_report_progress(
                actor=actor,
                resolution=current,
                progress=data["new_progress"],
                note=data.get("progress_note", ""),
            )
        if data.get("new_rating"):
            services.resolution_rate(
                actor=actor,
                resolution=current,
                rating=data["new_rating"],
                reason=data.get("rating_note", ""),
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Descriptive m2m fields were saved by the services; only new funding lines remain.
        for formset in formsets:  # the admin's change message reads these
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if getattr(request, "_peygir_refused", False):
            return
        resolution = form.instance
        for formset in formsets:
            if formset.model is not FundingLine:
                continue
            for line_form in formset.forms:
                if line_form.has_changed() and not line_form.instance.pk:
                    line = line_form.cleaned_data
                    services.funding_line_add(
                        actor=request.user,  # type: ignore[arg-type]
                        resolution=resolution,
                        source=line["source"],
                        fiscal_year=line["fiscal_year"],
                        approved=line.get("approved") or 0,
                        allocated=line.get("allocated") or 0,
                        spent=line.get("spent") or 0,
                        note=line.get("note") or "",
                    )


@admin.register(ResolutionEvent)
class ResolutionEventAdmin(HistoryAdmin):
    """Read-only: the timeline is history, with no change or delete path."""

    list_display = ["resolution", "kind", "actor", "created_at", "is_public"]
    list_filter = ["kind", "is_public"]
    list_select_related = ["resolution", "actor"]
    # Newest first, in the order they were written: the id's index, as the events' time
    # has none of its own over every kind (a sweep's events would each take an entry).
    ordering = ["-id"]
