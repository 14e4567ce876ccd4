"""QuickSelect draws the markup of Django's Select (up to whitespace and attribute order)."""

import pytest
from django import forms
from django.test import SimpleTestCase
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from peygir.conftest import World
from peygir.organizations.models import Organization
from peygir.workspace.forms import QuickSelect

CHOICES = [
    ("", "---------"),
    (1, "راه و شهرسازی"),
    (2, 'آب & "فاضلاب" <قم>'),
    ("x", gettext_lazy("All")),
    (None, "هیچ"),
    ("قم", [(3, "کل استان"), (4, "کهک")]),
    ("<تهران>", [(5, mark_safe("<b>ری</b>")), (1, "تکراری")]),
]


def _same(quick: str, django: str) -> None:
    SimpleTestCase().assertHTMLEqual(quick, django)
    assert quick.count(" selected") == django.count(" selected")


@pytest.mark.parametrize("value", [None, "", 1, "1", 4, "x", "404", [2]])
def test_it_draws_what_djangos_select_draws(value: object) -> None:
    attrs = {"id": "id_body", "data-note": 'a "b"'}
    _same(
        QuickSelect(choices=CHOICES).render("body", value, attrs),
        forms.Select(choices=CHOICES).render("body", value, attrs),
    )


def test_it_draws_a_model_fields_and_a_callables_choices(world: World) -> None:
    quick = forms.ModelChoiceField(queryset=Organization.objects.all(), widget=QuickSelect)
    plain = forms.ModelChoiceField(queryset=Organization.objects.all())
    chosen = world.gas.pk
    _same(quick.widget.render("body", chosen), plain.widget.render("body", chosen))
    _same(
        QuickSelect(choices=lambda: CHOICES[:3]).render("body", 2),
        forms.Select(choices=CHOICES[:3]).render("body", 2),
    )
