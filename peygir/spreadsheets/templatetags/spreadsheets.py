from typing import Any

from django import template

from peygir.accounts.selectors import user_scope

register = template.Library()


@register.simple_tag
def may_import_spreadsheets(user: Any) -> bool:
    """Whether to offer the import link (the view checks again)."""
    return bool(user_scope(user).province_wide)
