"""Who may open the dashboards: the governorate's secretariat, the deputies, the county
governorates, and administrators. Every figure is then counted over what that user may see."""

from django.utils.translation import gettext_lazy

from peygir.accounts.models import Role
from peygir.accounts.selectors import Scope
from peygir.workspace.views.common import gate

REPORT_ROLES = frozenset({Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY})


def may_see_reports(scope: Scope) -> bool:
    return scope.is_superuser or bool(scope.roles & REPORT_ROLES)


# Signed in as the secretariat, a deputy, a county governorate or an administrator.
reports_required = gate(
    may_see_reports,
    gettext_lazy("The dashboards are for the governorate, its deputies and the counties."),
)
