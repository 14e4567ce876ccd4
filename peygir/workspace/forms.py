"""The workspace's forms: sign-in, list filters, trips with many resolutions, quick actions."""

import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peygir.core.forms import JalaliDateField, PersianCharField, PersianIntegerField
from peygir.organizations.models import Organization
from peygir.persian.digits import to_persian_digits
from peygir.places.models import Place
from peygir.resolutions.choices import SourceKind, Status
from peygir.resolutions.models import Category, Source
from peygir.resolutions.status import ALLOWED_TRANSITIONS
from peygir.workspace import lockout, place_picker
from peygir.workspace.selectors import DEFAULT_SORT, ResolutionFilter
from peygir.workspace.uploads import EvidenceUpload, check_upload


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing a locked-out username before checking the password."""

    def __init__(
        self,
        request: HttpRequest | None = None,
        *args: Any,
        ip_address: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(request, *args, **kwargs)
        self.ip_address = ip_address
        self.locked = False
        # Refused by the lock without looking at the password (audited as such).
        self.refused_while_locked = False
        self.error_messages["invalid_login"] = _(
            "The username or password is wrong. Both are case-sensitive."
        )

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and lockout.login_is_locked(username=username, ip_address=self.ip_address):
            self.locked = self.refused_while_locked = True
            raise self._locked_error()
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                lockout.login_failure_record(username=username, ip_address=self.ip_address)
                if lockout.login_is_locked(username=username, ip_address=self.ip_address):
                    self.locked = True
                    raise self._locked_error() from None
            raise
        # Failures are forgotten only once the whole sign-in succeeds (the view): a right
        # password must not reset the count of wrong two-step codes.
        return cleaned

    @staticmethod
    def _locked_error() -> ValidationError:
        return ValidationError(
            _(
                "Too many failed attempts. Sign-in is locked for a few minutes; "
                "try again later or ask the administrator."
            ),
            code="locked",
        )


class VersionMixin(forms.Form):
    """The resolution's version when the page was loaded: optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RespondForm(VersionMixin):
    ACCEPT = "accept"
    CONTEST = "contest"
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(ACCEPT, _("Accept the assignment")), (CONTEST, _("Contest the assignment"))],
        widget=forms.RadioSelect,
    )
    reason = PersianCharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you contest the assignment."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.CONTEST and not cleaned.get("reason"):
            self.add_error("reason", gettext("Say why the assignment is contested."))
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each sniffed for its real type and checked for size."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[EvidenceUpload]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        max_files = 5
        if len(files) > max_files:
            raise ValidationError(
                _("Attach at most %(count)s files at a time.") % {"count": max_files},
                code="too_many_files",
            )
        return [check_upload(upload) for upload in files]


class ProgressForm(VersionMixin):
    progress = PersianIntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        # A text box, not type=number: browsers refuse Persian digits in a number input.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4}),
        error_messages={
            "min_value": _("Progress must be between 0 and 100."),
            "max_value": _("Progress must be between 0 and 100."),
        },
    )
    note = PersianCharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label=_("Show this report to the public"), required=False)
    evidence = EvidenceField(
        label=_("Evidence (photos or documents)"),
        required=False,
        help_text=_("PDF, JPEG, PNG or WebP; up to 5 files of at most 10 MB each."),
    )


class StatusForm(VersionMixin):
    status = forms.ChoiceField(label=_("New status"))
    reason = PersianCharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for «Stalled» and «Cancelled»."),
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS[current]
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in Status.choices if value in allowed]


class DeadlineForm(VersionMixin):
    new_date = JalaliDateField(label=_("New deadline"))
    reason = PersianCharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RevisionRequestForm(forms.Form):
    new_date = JalaliDateField(label=_("Proposed deadline"))
    reason = PersianCharField(
        label=_("Why more time is needed"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RevisionDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve the new deadline")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = PersianCharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (SourceKind.TRIP, SourceKind.TRIP.label),
            (SourceKind.MEETING, SourceKind.MEETING.label),
        ],
    )
    title = PersianCharField(label=_("Title"), max_length=300)
    start_date = JalaliDateField(label=_("Date (or first day)"))
    end_date = JalaliDateField(label=_("Last day"), required=False)
    places = forms.ModelMultipleChoiceField(
        label=_("Places visited"),
        queryset=Place.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    organizer = forms.ModelChoiceField(
        label=_("Organizer"), queryset=Organization.objects.filter(is_active=True), required=False
    )
    delegation = PersianCharField(
        label=_("Delegation or attendees"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = PersianCharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@dataclass(frozen=True)
class RowOptions:
    """The choices of every row, read once per page instead of once per row and field."""

    categories: dict[int, Category]
    places: dict[int, Place]
    bodies: dict[int, Organization]

    @classmethod
    def load(cls) -> "RowOptions":
        return cls(
            categories={c.pk: c for c in Category.objects.all()},
            places={p.pk: p for p in Place.objects.all()},
            bodies={o.pk: o for o in Organization.objects.filter(is_active=True)},
        )


class _ObjectChoiceField(forms.TypedChoiceField):
    """A choice among objects already loaded, returning the object itself."""

    def __init__(self, *, objects: dict[int, Any], **kwargs: Any) -> None:
        choices = [("", "---------"), *((pk, str(obj)) for pk, obj in objects.items())]
        super().__init__(
            choices=choices, coerce=lambda value: objects[int(value)], empty_value=None, **kwargs
        )


class ResolutionRowForm(forms.Form):
    """One resolution typed in a row of the "many at once" page."""

    title = PersianCharField(label=_("Title"), max_length=300)
    text = PersianCharField(
        label=_("Full text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = JalaliDateField(label=_("Deadline"))
    next_followup_date = JalaliDateField(label=_("Next follow-up date"), required=False)

    def __init__(self, *args: Any, options: RowOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"] = _ObjectChoiceField(
            label=_("Category"), objects=options.categories, required=False
        )
        self.fields["place"] = _ObjectChoiceField(
            label=_("Place"), objects=options.places, required=False
        )
        self.fields["responsible_body"] = _ObjectChoiceField(
            label=_("Responsible body"), objects=options.bodies
        )
        self.fields["followup_owner"] = _ObjectChoiceField(
            label=_("Follow-up owner"), objects=options.bodies
        )


class BaseResolutionFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        filled = any(form.has_changed() for form in self.forms if form.is_valid())
        if not filled and not any(form.errors for form in self.forms):
            raise ValidationError(_("Type at least one resolution."), code="no_resolutions")


ResolutionFormSet = forms.formset_factory(
    ResolutionRowForm, formset=BaseResolutionFormSet, extra=3, max_num=60, validate_max=True
)


FLAG_CHOICES = [
    ("", _("All")),
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    ("stale", _("Stale (no follow-up lately)")),
    ("due_week", _("Due this week")),
]
SORT_CHOICES = [
    ("deadline", _("Deadline, earliest first")),
    ("-deadline", _("Deadline, latest first")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title")),
    ("-progress", _("Most progress first")),
    ("progress", _("Least progress first")),
    ("status", _("Status")),
]


def _escaped(text: Any) -> str:
    """`conditional_escape` without its lazy-string wrapper (a few µs an option)."""
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return html.escape(str(text))


class QuickSelect(forms.Select):
    """A select drawn in Python, option for option what Django's templates draw.

    Django renders every <option> through a template include, and even its Python side
    builds a dict of attributes per option; the list filters offer several hundred options
    (bodies, trips, counties), which cost more than the list itself. This draws each option
    as one escaped string: the same markup, a few µs an option.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        wanted = set(self.format_value(value))
        parts: list[str] = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        # As ChoiceWidget.optgroups: only the first option holding the value is selected.
        found = False

        def option(option_value: Any, label: Any) -> str:
            nonlocal found
            text = "" if option_value is None else str(option_value)
            selected = not found and text in wanted
            found = found or selected
            return '<option value="{}"{}>{}</option>'.format(
                html.escape(text), " selected" if selected else "", _escaped(label)
            )

        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', group_value))
                parts.extend(option(value_, label) for value_, label in group_label)
                parts.append("</optgroup>")
            else:
                parts.append(option(group_value, group_label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value and label above is escaped


Choice = tuple[int | str, str]


class ReadOnce(BaseChoiceIterator):
    """A select's options, read when first drawn and kept for the rest of the request.

    Unlike a callable (Django's CallableChoiceIterator), they are read once, not each time
    the widget looks at them, and not normalised option by option again on every look.
    """

    def __init__(self, read: Callable[[], list[Any]]) -> None:
        self.read = read
        self.rows: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self.rows is None:
            self.rows = self.read()
        return iter(self.rows)


def _with_empty(label: str, read: Callable[[], list[Choice]]) -> list[Choice]:
    return [("", label), *read()]


def _body_options() -> list[Choice]:
    """The active bodies as (id, label), labelled as the model names itself."""
    rows = Organization.objects.filter(is_active=True).values_list("pk", "short_name", "name")
    return [(pk, short_name or name) for pk, short_name, name in rows]


def _category_options() -> list[Choice]:
    return list(Category.objects.values_list("pk", "name"))


class ResolutionFilterForm(forms.Form):
    """The filters every resolution list offers. Invalid values are ignored, not fatal."""

    q = PersianCharField(label=_("Search"), required=False, max_length=200)
    place_name = PersianCharField(
        label=_("Find a place by name"),
        required=False,
        max_length=120,
        help_text=_("A city, district or village: its name narrows the place list."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Any place by id (links from the overview name counties, villages, cities), but the
    # select offers only provinces and counties; deeper places are found by name.
    place = forms.ModelChoiceField(
        label=_("Place (and everything in it)"),
        queryset=Place.objects.all(),
        required=False,
        widget=QuickSelect,
    )
    body = forms.ModelChoiceField(
        label=_("Responsible body"),
        queryset=Organization.objects.filter(is_active=True),
        required=False,
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Status.choices],
        required=False,
        widget=QuickSelect,
    )
    flag = forms.ChoiceField(
        label=_("Overdue or stale"), choices=FLAG_CHOICES, required=False, widget=QuickSelect
    )
    deadline_from = JalaliDateField(label=_("Deadline from"), required=False)
    deadline_to = JalaliDateField(label=_("Deadline to"), required=False)
    source = forms.ModelChoiceField(
        label=_("Trip or meeting"),
        queryset=Source.objects.none(),
        required=False,
        widget=QuickSelect,
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, widget=QuickSelect
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=SORT_CHOICES, required=False, widget=QuickSelect
    )

    def __init__(self, *args: Any, sources: Sequence[Choice] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The trips offered as (id, title), read once by the caller among those the user may
        # see: the select is drawn from them and a chosen trip is looked up by id among them,
        # so neither asks the user's visibility again (for a county, a third of a million ids).
        field = self.fields["source"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Source.objects.filter(pk__in=[pk for pk, _title in sources])
        field.widget.choices = [("", field.empty_label), *sources]
        # Bodies and categories are drawn from plain (id, name) rows, read when the select is
        # drawn (a model instance apiece cost more than the rest of the form); a chosen one is
        # still validated by its field's queryset.
        for name, read in (("body", _body_options), ("category", _category_options)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.widget.choices = ReadOnce(partial(_with_empty, str(field.empty_label), read))
        # The places the name search found (None: no name typed), and what to say about them.
        self.place_matches: list[Place] | None = None
        self.place_note = ""
        self.place_offered: list[place_picker.Group] | None = None
        # A callable: the options are read when the select is drawn, after validation, so
        # that they follow the name search and keep the chosen place.
        self.fields["place"].widget.choices = ReadOnce(self._place_options)
        self.fields["place_name"].widget.attrs.update(
            {
                "hx-get": reverse("workspace:place_options"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#place-filter",
                "hx-swap": "outerHTML",
                "hx-include": "#id_place",
                "aria-controls": "id_place",
            }
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = cleaned.get("place_name") or ""
        if not name:
            return cleaned
        matches = place_picker.places_named(name)
        self.place_matches = matches
        if len(matches) > place_picker.MATCH_LIMIT:
            self.place_note = gettext(
                "Many places are called that; the first %(count)s are offered. "
                "Type more of the name."
            ) % {"count": to_persian_digits(str(place_picker.MATCH_LIMIT))}
        elif not matches:
            self.place_note = gettext("No place is called that.")
        elif cleaned.get("place") is None and len(matches) == 1:
            # One place has that name: it is the one meant (and shown chosen in the select).
            cleaned["place"] = matches[0]
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data["place"] = str(matches[0].pk)
            self.data = data
            self.place_note = gettext("Showing %(place)s.") % {"place": matches[0].name}
        elif cleaned.get("place") is None:
            self.place_note = gettext(
                "%(count)s places are called that; choose one in the place list."
            ) % {"count": to_persian_digits(str(len(matches)))}
        return cleaned

    def _place_options(self) -> list[Any]:
        """The place select's options: the name search's matches, or provinces and counties."""
        if self.place_offered is None:
            chosen = getattr(self, "cleaned_data", {}).get("place")
            if self.place_matches:
                self.place_offered = place_picker.match_choices(self.place_matches, chosen)
            else:
                self.place_offered = place_picker.place_choices(chosen)
        return [("", gettext("Anywhere")), *self.place_offered]

    def to_filter(self) -> ResolutionFilter:
        if not self.is_bound:
            return ResolutionFilter()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return ResolutionFilter(
            q=data.get("q") or "",
            place=data.get("place"),
            body_id=data["body"].pk if data.get("body") else None,
            status=data.get("status") or "",
            flag=data.get("flag") or "",
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
            source_id=data["source"].pk if data.get("source") else None,
            category_id=data["category"].pk if data.get("category") else None,
            sort=data.get("sort") or DEFAULT_SORT,
        )
