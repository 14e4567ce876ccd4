"""Reads of notifications: a user's inbox, only ever their own."""

from django.db.models import QuerySet

from peygir.accounts.models import User
from peygir.notifications.models import Channel, Notification


def inbox_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, channel=Channel.INBOX).select_related(
        "resolution"
    )


def unread_count(user: User) -> int:
    return inbox_of(user).filter(read_at__isnull=True).count()
