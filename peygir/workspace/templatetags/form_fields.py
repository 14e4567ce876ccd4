"""Forms' HTML kept once drawn, under a key of everything it is drawn from.

`{% fields_of form %}`: a form's fields as `workspace/_fields.html` draws them, an unbound
form's kept once drawn. The letter and visit forms sit, closed, on every resolution page;
drawing their eighteen fields through Django's templates was 27 ms of the page's 75
(PostgreSQL at 1 M). Only forms that say so (`fields_html_kept = True`).

`{{ form|html_key }}`: the key, for Django's `{% cache %}` around any drawing of a form
(the lists' filters, bound to the request's query, were 22 ms of a list's 55). It is made
of the form's class, prefix and ids, the language, each field's value as drawn (the bound
value, else the initial one) and errors, its widget's attributes, and every option a
select offers, read as the widget reads them: a body added or renamed makes a new key in
every worker, so there is nothing to invalidate. What a template draws beside the form
(a note, a link) goes in the `{% cache %}` tag's own list.
"""

import hashlib
from functools import partial
from typing import Any

from django import forms, template
from django.core.cache import cache
from django.forms.widgets import ChoiceWidget
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from peygir.workspace.forms import ReadOnce

register = template.Library()

KEPT_FOR_SECONDS = 3600


def html_key(form: forms.BaseForm) -> str:
    parts: list[object] = [
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        get_language(),
    ]
    if form.is_bound:
        parts.append(form.non_field_errors())
    for name, field in form.fields.items():
        if form.is_bound:
            drawn = (form[name].value(), form.errors.get(name))
        else:
            drawn = form.get_initial_for_field(field, name)
        parts.append((name, repr(drawn), sorted(field.widget.attrs.items())))
        if isinstance(field.widget, ChoiceWidget):
            # The widget's own options (a form may have given it other than the field's).
            # Not list(): it asks a model field's choices their length first, a COUNT query.
            held = field.widget.choices
            choices: list[Any] = [c for c in held]
            if not isinstance(held, list | ReadOnce):
                # A query's: the widget draws from what was read here on a miss, with no
                # second query (as ReadOnce, which Django does not normalise again).
                field.widget.choices = ReadOnce(partial(list, choices))
            parts.append([(str(value), str(label)) for value, label in choices])
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"peygir:fields-html:{digest}"


register.filter("html_key", html_key)


@register.simple_tag
def fields_of(form: forms.BaseForm) -> SafeString:
    if form.is_bound or not getattr(form, "fields_html_kept", False):
        return mark_safe(render_to_string("workspace/_fields.html", {"form": form}))
    html = cache.get_or_set(
        html_key(form),
        lambda: render_to_string("workspace/_fields.html", {"form": form}),
        KEPT_FOR_SECONDS,
    )
    assert isinstance(html, str)
    return mark_safe(html)  # drawn by the template above, which escaped it
