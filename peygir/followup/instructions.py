"""What a sweep step asks of its reader, in words: for its timeline event and its message."""

import functools

from django.utils import translation
from django.utils.translation import gettext as _

from peygir.followup.choices import Condition, Level


@functools.cache
def _instruction(condition: str, level: int, body: str, language: str) -> str:
    labels = {"condition": Condition(condition).label, "level": Level(level).label}
    if level == Level.REMINDER:
        return _("Reminder: this resolution needs attention («%(condition)s»).") % labels
    if level == Level.MINISTRY_LETTER:
        return _("Escalated («%(condition)s»): prepare a letter to the ministry (%(body)s).") % {
            **labels,
            "body": body or "—",
        }
    if level == Level.VISIT:
        return (
            _("Escalated («%(condition)s»): arrange an in-person visit to the national official.")
            % labels
        )
    return _("Escalated to «%(level)s» because: «%(condition)s».") % labels


def instruction(condition: str, level: int, body: str) -> str:
    """What to do, in the active language; `body` names the ministry a letter goes to.

    Memoised per language: a sweep words a million steps from a few dozen combinations.
    """
    return _instruction(condition, level, body, translation.get_language() or "")
