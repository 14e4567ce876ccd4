"""Who may do what to a resolution. Views, the API, commands and imports all ask here."""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import Scope, user_scope
from peygir.resolutions.models import Resolution


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    ASSIGN = "assign"
    RESPOND = "respond"  # accept or contest an assignment
    REPORT_PROGRESS = "report_progress"
    REQUEST_REVISION = "request_revision"
    DECIDE_REVISION = "decide_revision"
    CHANGE_STATUS = "change_status"
    RECORD_FOLLOWUP = "record_followup"
    RATE = "rate"
    PUBLISH = "publish"
    ASSESS_FEASIBILITY = "assess_feasibility"


# What each relation to a resolution allows. A user may hold several relations.
_PROVINCE_WIDE = frozenset(Action) - {Action.RESPOND}
_FOLLOWUP_OWNER = frozenset(
    {
        Action.VIEW,
        Action.EDIT,
        Action.ASSIGN,
        Action.DECIDE_REVISION,
        Action.CHANGE_STATUS,
        Action.RECORD_FOLLOWUP,
        Action.REPORT_PROGRESS,
        Action.ASSESS_FEASIBILITY,
    }
)
_COUNTY = frozenset({Action.VIEW, Action.RECORD_FOLLOWUP})
_RESPONSIBLE_OFFICER = frozenset(
    {
        Action.VIEW,
        Action.RESPOND,
        Action.REPORT_PROGRESS,
        Action.REQUEST_REVISION,
        Action.RECORD_FOLLOWUP,
    }
)
_SUPPORTING_OFFICER = frozenset({Action.VIEW})
_STAFF_ROLES = (Role.SECRETARIAT, Role.DEPUTY, Role.COUNTY)


def _in_county(scope: Scope, resolution: Resolution) -> bool:
    if not scope.county_paths:
        return False
    paths = [place.path for place in resolution.places.all()]
    body = resolution.responsible_body
    if body is not None and body.place is not None:
        paths.append(body.place.path)
    return any(path.startswith(county) for path in paths for county in scope.county_paths)


def allowed_actions(user: User | AnonymousUser, resolution: Resolution) -> frozenset[Action]:
    """Return every action the user may take on the resolution."""
    scope = user_scope(user)
    if scope.is_superuser:
        return frozenset(Action)
    allowed: set[Action] = set()
    if scope.province_wide:
        allowed |= _PROVINCE_WIDE
    if resolution.followup_owner_id in scope.orgs(*_STAFF_ROLES):
        allowed |= _FOLLOWUP_OWNER
    if _in_county(scope, resolution):
        allowed |= _COUNTY
    officer_orgs = scope.orgs(Role.OFFICER)
    if resolution.responsible_body_id in officer_orgs:
        allowed |= _RESPONSIBLE_OFFICER
    elif officer_orgs and any(
        body.pk in officer_orgs for body in resolution.supporting_bodies.all()
    ):
        allowed |= _SUPPORTING_OFFICER
    return frozenset(allowed)


def can(user: User | AnonymousUser, action: Action, resolution: Resolution) -> bool:
    return action in allowed_actions(user, resolution)


def require(user: User | AnonymousUser, action: Action, resolution: Resolution) -> None:
    """Raise PermissionDenied, with a Persian message, unless the user may take the action."""
    if not can(user, action, resolution):
        raise PermissionDenied(_("You are not allowed to do this on this resolution."))
