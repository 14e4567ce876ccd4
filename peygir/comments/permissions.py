"""Who may moderate: members with the moderator role; accusations need a senior moderator."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope
from peygir.comments.models import Comment

SENIOR_PERMISSION = "comments.decide_accusation"


def is_moderator(user: User | AnonymousUser) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or Role.MODERATOR in scope.roles


def is_senior(user: User | AnonymousUser) -> bool:
    return is_moderator(user) and user.has_perm(SENIOR_PERMISSION)


def require_moderator(user: User | AnonymousUser) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only comment moderators may do this."))


def can_decide(user: User | AnonymousUser, comment: Comment) -> bool:
    """Tell whether the user may decide this comment now (senior rule, appeal rule)."""
    if not is_moderator(user):
        return False
    if comment.needs_senior and not is_senior(user):
        return False
    if comment.is_appealed and comment.appeal_decided_at is None:
        # An appeal goes to another moderator than the one who rejected the comment.
        return comment.decided_by_id != user.pk
    return True
