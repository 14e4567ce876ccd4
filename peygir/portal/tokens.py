"""Signed links in subscription emails: confirm (expires) and unsubscribe (does not)."""

from django.core import signing

CONFIRM_SALT = "peygir.portal.subscription.confirm"
UNSUBSCRIBE_SALT = "peygir.portal.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=CONFIRM_SALT, compress=False)


def unsubscribe_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=UNSUBSCRIBE_SALT, compress=False)


def read_confirm_token(token: str) -> int | None:
    """Return the subscription id, or None when the link is forged or older than a week."""
    try:
        return int(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def read_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
