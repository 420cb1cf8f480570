from datetime import timedelta

from django.utils import timezone

from diaspora.accounts.services import grant_role
from diaspora.congress import nominations, setup
from diaspora.directory.models import Country
from diaspora.directory.services import ensure_city
from diaspora.events.tests.factories import make_event
from diaspora.people.tests.factories import UserFactory


def make_congress(root, **fields):
    """A congress in Baku a month from now, organised by the Committee."""
    event = make_event(
        root,
        kind="congress",
        title="Congress of World Azerbaijanis",
        city=ensure_city(
            Country.objects.get(code="AZ"),
            name="Baku",
            names={"az": "Bakı", "ru": "Баку"},
            timezone="Asia/Baku",
        ),
        timezone="Asia/Baku",
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=30),
    )
    return setup.make_congress(event, by=None, **fields)


def commission_member(congress, username="commissioner"):
    user = UserFactory(username=username)
    congress.commission.add(user)
    return user


def office(organisation, username, kind="manager"):
    user = UserFactory(username=username)
    grant_role(user, kind, organisation, by=None)
    return user


def nominate(congress, organisation, n, country="DE", **values):
    return nominations.nominate(
        congress,
        organisation=organisation,
        by=None,
        given_name=values.pop("given_name", f"Delegate{n}"),
        surname=values.pop("surname", "Əliyev"),
        email=values.pop("email", f"d{n}@example.org"),
        country=Country.objects.get(code=country),
        **values,
    )
