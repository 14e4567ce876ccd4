"""Two-step sign-in: a six-digit code from an authenticator app (TOTP, RFC 6238).

django-otp's TOTP device keeps the secret and checks codes: one 30-second step of clock
drift either side, and never a code at or before the last one accepted, so a code cannot be
used twice. Its own per-device delay is off (settings): failed codes count in the sign-in
lockout instead, together with failed passwords.

The session remembers how its user signed in (SESSION_KEY): VERIFIED after a correct code
(or a device confirmed in this session), PASSWORD_ONLY for a user with no device.
`peygir.accounts.middleware` sends administrators without a device to enrol, and signs out
a session that never gave a code for a user who has one.

A TOTP secret cannot be hashed like a password: the server must compute the same codes as
the phone. It lives only in the device row, is shown once while enrolling, never in a page
or the admin afterwards; database backups must be guarded like the database.
"""

import base64
import re
import time

import segno
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from peygir.accounts.audit import Origin, login_event_record
from peygir.accounts.models import LoginEventKind, User
from peygir.persian import to_latin_digits

SESSION_KEY = "peygir_two_factor"
VERIFIED = "verified"
PASSWORD_ONLY = "password"
CODE_DIGITS = 6
DEVICE_NAME = "authenticator"

_SEPARATORS = re.compile(r"[\s\-\u200c\u200e\u200f]+")


def two_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Administrators must sign in with a code; for everyone else it is their choice.

    A superuser is the project's administrator: staff who may change users' permissions
    could make themselves one, and from that request on they are asked to enrol too.
    """
    return bool(getattr(user, "is_superuser", False))


def normalize_code(text: str) -> str:
    """Return the code as Latin digits, with spaces and dashes dropped ("۱۲۳ ۴۵۶" → "123456")."""
    return _SEPARATORS.sub("", to_latin_digits(text or ""))


def _is_code(code: str) -> bool:
    # int("12345") would equal "012345": insist on exactly six digits.
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


def device_for(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()
    )
    return device


def has_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed by hand, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (no outside service)."""
    qr = segno.make(device.config_url, error="m")
    svg: str = qr.svg_inline(scale=5, border=2, dark="#000", light="#fff")
    return svg


def current_code(device: TOTPDevice) -> str:
    """The code the device's app shows now (used by `peygir demo --code` only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return str(totp.token()).zfill(device.digits)


def mark_session(request: HttpRequest, state: str) -> None:
    request.session[SESSION_KEY] = state


@transaction.atomic
def device_start(*, user: User, key: str | None = None) -> TOTPDevice:
    """Begin enrolment with a new secret, dropping any earlier unconfirmed one.

    Each start makes a fresh secret, so one seen on an earlier page is worth nothing.
    """
    if has_device(user):
        raise ValidationError(_("Two-step sign-in is already on for this account."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    extra = {"key": key} if key else {}
    device: TOTPDevice = TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=False, **extra
    )
    return device


def _verify(device: TOTPDevice | None, code: str) -> bool:
    code = normalize_code(code)
    return device is not None and _is_code(code) and bool(device.verify_token(code))


@transaction.atomic
def code_verify(*, user: User, code: str) -> bool:
    """Check a code against the user's confirmed device; a used code is refused after."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    return _verify(device, code)


@transaction.atomic
def device_confirm(*, user: User, code: str, origin: Origin) -> bool:
    """Turn two-step sign-in on once the app shows a correct code for the new secret."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("-id")
        .first()
    )
    if not _verify(device, code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    login_event_record(kind=LoginEventKind.TWO_FACTOR_ENROLLED, origin=origin, user=user)
    return True


@transaction.atomic
def device_disable(*, user: User, code: str, origin: Origin) -> bool:
    """Turn two-step sign-in off, proved by a current code (a stolen session is not enough)."""
    if not code_verify(user=user, code=code):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    login_event_record(kind=LoginEventKind.TWO_FACTOR_DISABLED, origin=origin, user=user)
    return True


@transaction.atomic
def device_remove(*, device: TOTPDevice, origin: Origin) -> None:
    """An administrator removes a lost phone's device; its owner enrols again."""
    user = device.user
    device.delete()
    login_event_record(kind=LoginEventKind.TWO_FACTOR_REMOVED, origin=origin, user=user)
