from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from diaspora.accounts.models import User
from diaspora.accounts.services import grant_role
from diaspora.directory import services as directory
from diaspora.honours import services
from diaspora.honours.models import Honour, Round
from diaspora.people.tests.factories import UserFactory

MEDAL = "diaspora-merit-medal"


def honours_configured() -> Honour:
    services.configure_honours(directory.load_deployment(settings.DIASPORA_DEPLOYMENT))
    return Honour.objects.get(code=MEDAL)


def open_round(honour: Honour, **fields) -> Round:
    now = timezone.now()
    return services.open_round(
        honour,
        by=None,
        title=fields.pop("title", "Round of the year"),
        opens_at=fields.pop("opens_at", now - timedelta(days=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)),
        **fields,
    )


def user_with(kind: str, organisation, username: str | None = None) -> User:
    user = UserFactory(**({"username": username} if username else {}))
    grant_role(user, kind, organisation, by=None)
    return User.objects.get(pk=user.pk)
