"""The letter and visit forms' fields, drawn once unbound and kept under what they are drawn
from (workspace/templatetags/form_fields.py)."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from peygir.conftest import World
from peygir.organizations.models import Organization
from peygir.workspace.followup_forms import LetterForm, VisitForm
from peygir.workspace.forms import DeadlineForm
from peygir.workspace.templatetags import form_fields
from peygir.workspace.templatetags.form_fields import fields_of

Clients = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.mark.parametrize("form_class", [LetterForm, VisitForm])
def test_kept_fields_are_the_fields_drawn_afresh(world: World, form_class: type) -> None:
    fresh = render_to_string("workspace/_fields.html", {"form": form_class()})
    assert fields_of(form_class()) == fresh  # drawn, then kept
    assert fields_of(form_class()) == fresh  # read back


def test_a_kept_form_is_drawn_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    draw = form_fields.render_to_string

    def counted(name: str, context: dict[str, object]) -> str:
        drawn.append(name)
        return draw(name, context)

    monkeypatch.setattr(form_fields, "render_to_string", counted)
    for _ in range(3):
        fields_of(LetterForm())
    assert len(drawn) == 1
    for _ in range(2):  # a form that does not say so is drawn each time
        fields_of(DeadlineForm(initial={"version": 1}))
    assert len(drawn) == 3


def test_a_bound_form_is_never_kept(world: World) -> None:
    unbound = fields_of(LetterForm())
    bound = fields_of(LetterForm(data={"number": "", "date": "۱۴۰۵/۱۳/۴۰"}))
    assert bound != unbound and "errorlist" in bound


def test_the_language_and_the_bodies_are_in_the_key(world: World) -> None:
    persian = fields_of(LetterForm())
    with translation.override("en"):
        english = fields_of(LetterForm())
    assert english != persian and "Letter number" in english
    Organization.objects.create(
        code="QM-NEW", name="اداره کل تازه‌تأسیس", kind="executive", level="province"
    )
    assert "اداره کل تازه‌تأسیس" in fields_of(LetterForm())
    renamed = Organization.objects.get(code="QM-NEW")
    renamed.name = "اداره کل نوسازی"
    renamed.save()
    shown = fields_of(LetterForm())
    assert "اداره کل نوسازی" in shown and "تازه‌تأسیس" not in shown


def test_the_resolution_page_offers_a_body_added_since_the_last_view(
    client_for: Clients, world: World
) -> None:
    resolution = world.resolution()
    client = client_for("secretariat")
    url = f"/staff/resolutions/{resolution.pk}/"
    first = client.get(url).content.decode()
    assert 'id="action-letter"' in first and "اداره کل تازه‌تأسیس" not in first
    Organization.objects.create(
        code="QM-NEW", name="اداره کل تازه‌تأسیس", kind="executive", level="province"
    )
    assert "اداره کل تازه‌تأسیس" in client.get(url).content.decode()


# The lists' filters: bound to the request's query, kept under `html_key` by `{% cache %}`.


def _filters(client: Client, path: str, query: dict[str, str]) -> str:
    html = client.get(path, query).content.decode()
    start = html.index('<form method="get" class="filters"')
    return html[start : html.index("</form>", start)]


def test_the_filters_are_drawn_once_per_query(
    client_for: Clients, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("secretariat")
    drawn: list[str] = []
    draw = BoundField.as_field_group

    def counted(field: BoundField) -> str:
        drawn.append(field.name)
        return draw(field)

    monkeypatch.setattr(BoundField, "as_field_group", counted)
    query = {"status": "in_progress", "q": "آسفالت"}
    first = _filters(client, "/staff/resolutions/", query)
    fields = len(drawn)
    assert fields >= 10
    assert _filters(client, "/staff/resolutions/", query) == first  # kept: nothing drawn
    assert len(drawn) == fields
    cache.clear()
    assert _filters(client, "/staff/resolutions/", query) == first  # drawn afresh, the same
    assert len(drawn) == 2 * fields


def test_the_kept_filters_follow_the_query_the_page_and_the_language(
    client_for: Clients, world: World
) -> None:
    client = client_for("secretariat")
    chosen = _filters(client, "/staff/resolutions/", {"status": "in_progress", "q": "آسفالت"})
    assert '<option value="in_progress" selected>' in chosen and 'value="آسفالت"' in chosen
    unchosen = _filters(client, "/staff/resolutions/", {})
    assert '<option value="in_progress" selected>' not in unchosen
    assert '<option value="" selected>' in unchosen.split('name="status"')[1]
    assert 'value="آسفالت"' not in unchosen
    assert 'href="/staff/inbox/"' in _filters(client, "/staff/inbox/", {})
    assert 'href="/staff/resolutions/"' in _filters(client, "/staff/resolutions/", {})
    # The note the place name search writes beside the field.
    assert "کهک" in _filters(client, "/staff/resolutions/", {"place_name": "کهک"})
    nowhere = _filters(client, "/staff/resolutions/", {"place_name": "ناکجاآباد"})
    with translation.override("fa"):
        assert translation.gettext("No place is called that.") in nowhere
    client.cookies["django_language"] = "en"
    # The request activates English in this thread: put back what was active after it.
    with translation.override(translation.get_language()):
        english = _filters(client, "/staff/resolutions/", {})
    assert "Clear the filters" in english and english != unchosen


def test_the_kept_filters_offer_a_body_added_since(client_for: Clients, world: World) -> None:
    client = client_for("secretariat")
    assert "اداره کل تازه‌تأسیس" not in _filters(client, "/staff/resolutions/", {})
    Organization.objects.create(
        code="QM-NEW", name="اداره کل تازه‌تأسیس", kind="executive", level="province"
    )
    assert "اداره کل تازه‌تأسیس" in _filters(client, "/staff/resolutions/", {})
