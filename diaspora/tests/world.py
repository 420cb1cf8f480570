"""A small network in which every kind of record that a page or API route can open
exists inside and outside each role's reach, and every person carries words found
nowhere else, so that a response showing them is a response that leaked them.

Committee (root)
├── Council of Germany ─┬─ Azerbaijan House in Berlin   (house: Hausperson)
│                       └─ Sunday School, Hamburg       (school: Schulperson)
└── Vatan Society, Paris                                (paris: Parisperson, merged twin)
and a compatriot in no organisation (loner: Einzelperson)."""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from diaspora.accounts.models import User
from diaspora.accounts.services import grant_role
from diaspora.accounts.tokens import issue_token
from diaspora.chronicle.services import load_seeds
from diaspora.conftest import sign_in
from diaspora.directory.models import Country
from diaspora.events import reporting
from diaspora.events import services as events
from diaspora.events.attendance import services as attendance
from diaspora.events.tests.factories import make_event
from diaspora.people import erasure, merging
from diaspora.people.models import DuplicatePair, Person
from diaspora.people.services import add_membership, register_person
from diaspora.people.tests.factories import UserFactory

# Each person's words: a name, an address, a phone and a birth date no one else has.
PEOPLE = {
    "house": ("Xhausiya", "Qwhauslova", "+4915112340001", date(1931, 3, 7)),
    "school": ("Xschuliya", "Qwschulova", "+4915112340002", date(1932, 4, 8)),
    "paris": ("Xparisiya", "Qwparislova", "+33612340003", date(1933, 5, 9)),
    "twin": ("Xzwilliya", "Qwparislova", "+33612340004", date(1933, 5, 9)),
    "loner": ("Xeinziya", "Qweinzlova", "+4915112340005", date(1934, 6, 10)),
    "dual": ("Xdoppiya", "Qwdopplova", "+4915112340006", date(1935, 7, 11)),
}
HOME = {
    "house": "house",
    "school": "school",
    "paris": "paris",
    "twin": "paris",
    "loner": None,
    "dual": "house",
}
COUNTRY = {"house": "DE", "school": "DE", "paris": "FR", "twin": "FR", "loner": "DE", "dual": "DE"}
# The Berlin member who is also in Paris: Berlin's office sees them, but not that.
PARIS_MEMBERSHIP_SINCE = date(1977, 1, 13)

# Who each role may see, stated here rather than derived from the code under test.
ROLES = {
    "anonymous": set(),
    "compatriot": {"house"},
    "teacher": {"school"},
    "manager": {"house", "dual"},
    "coordinator": {"house", "school", "dual"},
    "staff": set(PEOPLE),
    "superuser": set(PEOPLE),
}


def date_forms(day: date) -> list[str]:
    return [day.isoformat(), f"{day:%d.%m.%Y}", f"{day:%B} {day.day}, {day.year}"]


def markers(key: str) -> list[str]:
    """What of a person must not be shown to a role that may not see them."""
    given, surname, phone, born = PEOPLE[key]
    email = f"{given.lower()}@example.org"
    return [given, surname, email, phone, phone[-8:], *date_forms(born)]


def email_of(key: str) -> str:
    return f"{PEOPLE[key][0].lower()}@example.org"


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@dataclass
class World:
    tree: dict
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    events: dict[str, object] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            sign_in(client, self.users[role])
        return client

    def hidden_markers(self, role: str) -> dict[str, str]:
        """Each marker of the people this role may not see → whose it is."""
        found = {
            marker: key
            for key in PEOPLE
            if key not in ROLES[role] and not (key == "twin" and "paris" in ROLES[role])
            for marker in markers(key)
        }
        if "paris" not in ROLES[role]:
            for marker in date_forms(PARIS_MEMBERSHIP_SINCE):
                found[marker] = "dual's membership in Paris"
        return found


def build(tree: dict) -> World:
    world = World(tree)
    for key, (given, surname, phone, born) in PEOPLE.items():
        person = register_person(
            by=None,
            given_name=given,
            surname=surname,
            full_name=f"{given} {surname}",
            email=email_of(key),
            phone=phone,
            birth_date=born,
            country=Country.objects.get(code=COUNTRY[key]),
        )
        if HOME[key]:
            add_membership(person, tree[HOME[key]], by=None)
        world.people[key] = person
    add_membership(world.people["dual"], tree["paris"], by=None, started_on=PARIS_MEMBERSHIP_SINCE)

    for role, node in (
        ("teacher", "school"),
        ("manager", "house"),
        ("coordinator", "council"),
        ("staff", "root"),
    ):
        user = UserFactory(username=role)
        grant_role(user, role, tree[node], by=None)
        world.users[role] = user
    world.users["superuser"] = UserFactory(username="superuser", is_superuser=True, is_staff=True)
    compatriot = UserFactory(username="compatriot")
    Person.objects.filter(pk=world.people["house"].pk).update(user=compatriot)
    world.users["compatriot"] = compatriot
    load_seeds()  # the chronicle's acts, for its pages
    paris_manager = UserFactory(username="paris-manager")
    grant_role(paris_manager, "manager", tree["paris"], by=None)
    for role, user in world.users.items():
        world.tokens[role] = issue_token(user, label="walk")
    # A pending invitation in Paris, outside the council's reach (its link is a secret).
    from diaspora.accounts import invitations

    invitations.invite("invitee@example.org", "teacher", tree["paris"], by=None, send=False)

    # An event of each organisation and of the Committee, each with its own people
    # registered; the past ones carry a report with a photo.
    past = timezone.now().replace(microsecond=0) - timedelta(days=3)
    for key, organiser in (("house", "house"), ("paris", "paris"), ("loner", "root")):
        event = make_event(tree[organiser], title=f"Evening of {organiser}")
        events.register(
            event, given_name=PEOPLE[key][0], surname=PEOPLE[key][1], email=email_of(key), by=None
        )
        world.events[organiser] = event
        held = make_event(tree[organiser], title=f"Day of {organiser}", starts_at=past)
        events.register(
            held,
            given_name=PEOPLE[key][0],
            surname=PEOPLE[key][1],
            email=email_of(key),
            by=world.users["staff"],
        )
        reporting.submit_report(
            held, attendance=12, account="Well attended", photos=[jpeg()], by=world.users["staff"]
        )
        # Its online attendance: the organisation's person, held for review (a name
        # alone), and a stranger.
        report = f"Name,Email\n{PEOPLE[key][0]} {PEOPLE[key][1]},\nWalk Stranger,\n"
        attendance.commit(held, report.encode(), "attendance.csv", by=None)
    school_event = make_event(tree["school"], title="Lesson day")
    events.register(
        school_event,
        given_name=PEOPLE["school"][0],
        surname=PEOPLE["school"][1],
        email=email_of("school"),
        by=None,
    )

    # The Paris twin was merged into the Paris record; Berlin's and Paris's records
    # wait as a possible duplicate that only the Committee sees whole.
    merging.merge_people(world.people["paris"], world.people["twin"], by=world.users["staff"])
    first, second = sorted((world.people["house"].pk, world.people["paris"].pk))
    DuplicatePair.objects.create(first_id=first, second_id=second, score=0.5, reasons=["walk"])

    # The Committee nominated the Paris member for the medal: only the Committee and
    # the Paris office see the nomination.
    from diaspora.honours import services as honours
    from diaspora.honours.tests.helpers import honours_configured, open_round

    medal = honours_configured()
    open_round(medal)
    honours.nominate(
        by=world.users["staff"],
        person=world.people["paris"],
        honour=medal,
        citation={"en": "For the Paris society"},
    )

    # The Paris member asked to be forgotten.
    erasure.request_erasure(world.people["paris"], by=None)

    # Each organisation's office checked a list naming its own people.
    for user, organisation, key in (
        (world.users["manager"], tree["house"], "house"),
        (paris_manager, tree["paris"], "paris"),
    ):
        given, surname, phone, born = PEOPLE[key]
        text = (
            "given name,surname,email,phone,birth date\n"
            f"{given},{surname},{email_of(key)},{phone},{born:%d.%m.%Y}\n"
            f"{given},{surname},not-an-address,{phone},31.02.1990\n"
        )
        client = Client()
        sign_in(client, user)
        upload = SimpleUploadedFile(f"{key}.csv", text.encode(), content_type="text/csv")
        response = client.post("/en/imports/", {"organisation": organisation.pk, "file": upload})
        assert response.status_code == 302, response.content[:500]
    return world
