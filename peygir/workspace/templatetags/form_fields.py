"""`{% fields_of form %}`: a form's fields as `workspace/_fields.html` draws them, an unbound
form's kept once drawn.

The letter and visit forms sit, closed, on every resolution page; drawing their eighteen
fields through Django's templates was 27 ms of the page's 75 (PostgreSQL at 1 M). Unbound,
they draw the same HTML on every page, so it is kept under a key made of everything it is
drawn from: the form's class, prefix and ids, the language, each field's initial value,
and every option a choice field offers (read as the widget reads them, so a body added or
renamed makes a new key in every worker: nothing to invalidate). Only forms that say so
(`fields_html_kept = True`): one whose __init__ changed its widgets would need more in
the key.
"""

import hashlib
from typing import Any

from django import forms, template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

KEPT_FOR_SECONDS = 3600


def _key(form: forms.BaseForm) -> str:
    parts: list[object] = [
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        get_language(),
    ]
    for name, field in form.fields.items():
        parts.append((name, repr(form.get_initial_for_field(field, name))))
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            # Read once: the widget draws from this list on a miss (no second query). Not
            # list(): it asks a model field's choices their length first, a COUNT query.
            choices: list[Any] = [c for c in field.choices]  # type: ignore[union-attr]
            field.choices = choices
            parts.append([(str(value), str(label)) for value, label in choices])
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"peygir:fields-html:{digest}"


@register.simple_tag
def fields_of(form: forms.BaseForm) -> SafeString:
    if form.is_bound or not getattr(form, "fields_html_kept", False):
        return mark_safe(render_to_string("workspace/_fields.html", {"form": form}))
    key = _key(form)
    html: str | None = cache.get(key)
    if html is None:
        html = render_to_string("workspace/_fields.html", {"form": form})
        cache.set(key, html, KEPT_FOR_SECONDS)
    return mark_safe(html)  # drawn by the template above, which escaped it
