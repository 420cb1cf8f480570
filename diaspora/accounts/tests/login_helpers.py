"""Test users made ready to log in the way real ones are: an invited user's address
is confirmed, and an office user has enrolled an authenticator app (TOTP)."""

import itertools
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt

from diaspora.accounts.models import User
from diaspora.accounts.second_factor import must_enrol


def enrol_totp(user: User) -> str:
    """The user's authenticator app secret, enrolling one if they have none."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def enrol_if_office(user: User) -> None:
    if must_enrol(user):
        enrol_totp(user)


def confirm_email(user: User) -> None:
    if not user.email:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


# A code is accepted once: each call hands out the code of another 30-second step
# within the tolerance (now, the next, the last), as a second phone would.
_steps = itertools.cycle([0, 1, -1])


def totp_code(secret: str, step: int | None = None) -> str:
    counter = int(time.time()) // 30 + (next(_steps) if step is None else step)
    return format_hotp_value(hotp_value(secret, counter))


def ready_to_log_in(username: str) -> str | None:
    """Confirms the user's address and enrols an office user: their TOTP secret, if any."""
    user = User.objects.get(username=username)
    confirm_email(user)
    if must_enrol(user) or Authenticator.objects.filter(user=user).exists():
        return enrol_totp(user)
    return None
