from django import forms
from django.utils.translation import gettext_lazy as _

from peygir.core.forms import JalaliDateField, PersianCharField, PersianIntegerField
from peygir.needs.models import AnswerKind, NeedItem, Priority
from peygir.organizations.models import Organization, OrganizationLevel
from peygir.places.models import Place
from peygir.resolutions.models import Category, Source


def national_bodies() -> "forms.ModelChoiceField[Organization]":
    return forms.ModelChoiceField(
        label=_("Ministry or national body"),
        queryset=Organization.objects.filter(level=OrganizationLevel.NATIONAL, is_active=True),
    )


class NeedsListForm(forms.Form):
    title = PersianCharField(label=_("Title"), max_length=200)


class NeedItemForm(forms.Form):
    title = PersianCharField(label=_("Title"), max_length=300)
    description = PersianCharField(label=_("Description"), widget=forms.Textarea, required=False)
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.all(), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    estimated_cost = PersianIntegerField(label=_("Estimated cost (rials)"), min_value=0)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )

    @classmethod
    def from_item(cls, item: NeedItem) -> "NeedItemForm":
        return cls(
            initial={
                "title": item.title,
                "description": item.description,
                "place": item.place_id,
                "category": item.category_id,
                "estimated_cost": item.estimated_cost,
                "priority": item.priority,
            }
        )


class ReturnForm(forms.Form):
    reason = PersianCharField(label=_("Why is the list returned?"), max_length=500)


class ClassifyForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target_body"] = national_bodies()

    provincial_priority = PersianIntegerField(
        label=_("Provincial priority"), min_value=1, required=False
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=AnswerKind.choices)
    note = PersianCharField(label=_("Details or reason"), widget=forms.Textarea, required=False)
    answer_date = JalaliDateField(label=_("Answer date"))
    credit = PersianIntegerField(label=_("Credit granted (rials)"), min_value=0, required=False)
    credit_date = JalaliDateField(label=_("Credit date"), required=False)
    referred_to = forms.ModelChoiceField(
        label=_("Referred to"), queryset=Organization.objects.all(), required=False
    )


class DossierForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target_body"] = national_bodies()

    title = PersianCharField(label=_("Title"), max_length=200)
    planned_date = JalaliDateField(label=_("Planned visit date"), required=False)


class VisitForm(forms.Form):
    visit_date = JalaliDateField(label=_("Visit date"))
    delegation = PersianCharField(label=_("Who went"))
    met_with = PersianCharField(label=_("Whom they met"))
    notes = PersianCharField(label=_("Notes"), widget=forms.Textarea, required=False)


class DeskForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Trip"), queryset=Source.objects.all())
    title = PersianCharField(label=_("Request"), max_length=300)
    description = PersianCharField(label=_("Description"), widget=forms.Textarea, required=False)
    requester_name = PersianCharField(label=_("Requester's name"), max_length=120)
    requester_contact = forms.CharField(label=_("Contact"), max_length=120, required=False)
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.all(), required=False)
