"""How django-allauth's login behaves here: no public sign-up, our wording, and every
lockout and login written to the audit log."""

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from diaspora import siteurl

from . import audit
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "The username or password is not right. Both are case-sensitive."
        ),
        "email_password_mismatch": _("The email address or password is not right."),
        "too_many_login_attempts": _(
            "Too many failed attempts: this account is locked for a while. "
            "Try again later, or reset your password."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People get accounts by invitation from the office, never by signing up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's mails greet from "the site", which without django.contrib.sites is
        # the host name: they name the deployment instead.
        site = SimpleNamespace(
            name=str(settings.DIASPORA_SITE_NAME),
            domain=urlsplit(settings.DIASPORA_SITE_URL).netloc,
        )
        # Its links (confirm_email's activate_url, password_reset_url, signup_url) are
        # built from the request, which behind a proxy names the proxy's side: they
        # lead to the public address instead.
        links = {
            key: siteurl.rebase(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str) and value
        }
        super().send_mail(template_prefix, email, {"current_site": site, **context, **links})

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failures per login as typed: an account's username and each
        # of its addresses would then have their own count, and a locked account
        # would open through another of them. Ours count per account.
        return attempts_key(credentials.get("email") or credentials.get("username") or "")

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as refusal:
            if refusal.code == "too_many_login_attempts":
                login = credentials.get("email") or credentials.get("username") or ""
                record_lockout(request, login, self.get_client_ip(request))
            raise

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        error = super().validation_error(code, *args)
        stage = getattr(context.request, "_login_stage", None)
        if code == "too_many_login_attempts" and stage is not None:
            # Wrong second-factor codes: the password was right, so the user is known.
            user = stage.login.user
            record_lockout(
                context.request, user.get_username(), self.get_client_ip(context.request)
            )
        return error

    def login(self, request: HttpRequest, user: User) -> None:
        super().login(request, user)
        audit.record_about(
            actor=user,
            action="account.logged_in",
            target_type="accounts.user",
            target_id=str(user.pk),
            changes={"address": self.get_client_ip(request)},
        )


def account_named(login: str) -> User | None:
    """The one account a login names (its username or one of its addresses, in any
    case); None when it names none, or several."""
    login = login.strip()
    if not login:
        return None
    accounts = list(
        User.objects.filter(
            Q(username__iexact=login)
            | Q(email__iexact=login)
            | Q(emailaddress__email__iexact=login)
        ).distinct()[:2]
    )
    return accounts[0] if len(accounts) == 1 else None


def attempts_key(login: str) -> str:
    """What failed logins are counted under: the account, or else the login as typed."""
    account = account_named(login)
    return f"account:{account.pk}" if account else f"login:{login.strip().lower()}"


def record_lockout(request: HttpRequest, login: str, address: str) -> None:
    """One audit entry per lockout, not one per refused attempt: a script trying a
    thousand passwords would otherwise write a thousand entries."""
    window = settings.DIASPORA_LOCKOUT_MINUTES * 60
    if not cache.add(f"diaspora.lockout-audited:{login.lower()}:{address}", True, window):
        return
    user = account_named(login)
    audit.record_about(
        actor=None,
        action="account.locked_out",
        target_type="accounts.user",
        target_id=str(user.pk) if user else "",
        changes={"login": login, "address": address},
    )
