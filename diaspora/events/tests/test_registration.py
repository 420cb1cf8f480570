from datetime import timedelta

import pytest
from django.utils import timezone

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.events import services
from diaspora.events.models import Event, Registration
from diaspora.people.models import Consent, Person
from diaspora.people.tests.factories import UserFactory, member_of

from .factories import make_event

pytestmark = pytest.mark.django_db


def sign_up(event, n, **fields):
    registration, _created = services.register(
        event,
        given_name=f"Guest{n}",
        surname="Əliyev",
        email=f"guest{n}@example.org",
        by=None,
        **fields,
    )
    return registration


def test_places_then_a_waiting_list(tree):
    event = make_event(tree["house"], capacity=2)
    statuses = [sign_up(event, n).status for n in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (2, 2)


def test_a_cancelled_place_goes_to_the_first_in_line(tree):
    event = make_event(tree["house"], capacity=1)
    first, second, third = (sign_up(event, n) for n in range(3))
    promoted = services.cancel_registration(first, by=None)
    assert [r.pk for r in promoted] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "confirmed" and second.promoted_at is not None
    assert third.status == "waitlisted"
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (1, 1)


def test_a_newcomer_does_not_jump_the_queue(tree):
    event = make_event(tree["house"], capacity=1)
    sign_up(event, 0)
    sign_up(event, 1)
    services.update_event(event, by=None, capacity=3)  # one more place → the queue moves
    assert sign_up(event, 2).status == "confirmed"
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (3, 0)


def test_the_same_address_twice_keeps_one_place(tree):
    event = make_event(tree["house"], capacity=5)
    first = sign_up(event, 0)
    again, created = services.register(
        event, given_name="Guest0", email="GUEST0@Example.org", by=None
    )
    assert not created and again.pk == first.pk
    assert Registration.objects.filter(event=event).count() == 1


def test_registrants_join_the_registry_once_with_consent(tree):
    known = member_of(tree["house"], email="leyla@example.org")
    event = make_event(tree["house"])
    registration, _ = services.register(
        event, given_name="Leyla", surname="Q", email="leyla@example.org", by=None, contact=True
    )
    assert registration.person == known
    purposes = set(known.consents.values_list("purpose", flat=True))
    assert purposes == {Consent.Purpose.REGISTRY, Consent.Purpose.CONTACT}
    newcomer = sign_up(event, 9)
    assert Person.objects.get(pk=newcomer.person_id).email == "guest9@example.org"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"create", "register", "give consent"} <= actions


def test_capacity_cannot_drop_below_the_confirmed(tree):
    event = make_event(tree["house"], capacity=3)
    for n in range(3):
        sign_up(event, n)
    with pytest.raises(services.EventError) as refusal:
        services.update_event(event, by=None, capacity=2)
    assert refusal.value.field == "capacity"


def test_the_database_refuses_overbooking(tree):
    from django.db import IntegrityError, transaction

    event = make_event(tree["house"], capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(confirmed_count=2)


def test_closed_registration_and_members_only(tree):
    past = make_event(
        tree["house"], starts_at=timezone.now() - timedelta(days=2), title="Last year"
    )
    with pytest.raises(services.EventError, match="closed"):
        sign_up(past, 0)
    private = make_event(tree["house"], audience=Event.Audience.MEMBERS)
    with pytest.raises(services.EventError, match="members"):
        sign_up(private, 1)
    member = member_of(tree["house"], email="m@example.org")
    registration, _ = services.register(
        private, given_name="M", email="m@example.org", by=None, person=member
    )
    assert registration.status == "confirmed"
    # An organiser may still add someone at the door after registration closed.
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    late, _ = services.register(past, given_name="Walk", email="walk@example.org", by=manager)
    assert late.status == "confirmed"


def test_bad_registrant_details(tree):
    event = make_event(tree["house"])
    with pytest.raises(services.EventError) as refusal:
        services.register(event, given_name="  ", email="a@example.org", by=None)
    assert refusal.value.field == "given_name"
    with pytest.raises(services.EventError) as refusal:
        services.register(event, given_name="A", email="not-an-address", by=None)
    assert refusal.value.field == "email"
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_check_in_once_and_refusals(tree):
    event = make_event(tree["house"], capacity=1)
    other = make_event(tree["house"], title="Another evening")
    guest, waiting = sign_up(event, 0), sign_up(event, 1)
    elsewhere = sign_up(other, 2)
    typed = guest.display_code.lower().replace("0", "o")
    assert services.check_in(event, typed, by=None).pk == guest.pk
    with pytest.raises(services.CheckInRefused, match="Already checked in"):
        services.check_in(event, guest.code, by=None)
    with pytest.raises(services.CheckInRefused, match="waiting list"):
        services.check_in(event, waiting.code, by=None)
    with pytest.raises(services.CheckInRefused, match="another event"):
        services.check_in(event, elsewhere.code, by=None)
    services.cancel_registration(elsewhere, by=None)
    with pytest.raises(services.CheckInRefused, match="cancelled"):
        services.check_in(other, elsewhere.code, by=None)
    with pytest.raises(services.CheckInRefused, match="No ticket"):
        services.check_in(event, "nothing", by=None)
    assert services.arrivals(event) == 1


def test_an_arrived_guest_cannot_be_cancelled(tree):
    event = make_event(tree["house"])
    guest = sign_up(event, 0)
    services.check_in(event, guest.code, by=None)
    with pytest.raises(services.EventError, match="arrived"):
        services.cancel_registration(guest, by=None)


def test_a_merge_moves_registrations(tree):
    from diaspora.people.merging import merge_people, undo_merge

    event = make_event(tree["house"])
    registration = sign_up(event, 0)
    survivor = member_of(tree["house"])
    merge = merge_people(survivor, registration.person, by=None)
    registration.refresh_from_db()
    assert registration.person_id == survivor.pk
    undo_merge(merge, by=None)
    registration.refresh_from_db()
    assert registration.person_id != survivor.pk


def test_event_rules(tree):
    with pytest.raises(services.EventError) as refusal:
        make_event(tree["house"], timezone="Mars/Olympus")
    assert refusal.value.field == "timezone"
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(services.EventError, match="ends before"):
        make_event(tree["house"], starts_at=start, ends_at=start - timedelta(hours=1))
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    with pytest.raises(services.EventError, match="do not organise"):
        services.create_event(
            by=manager,
            organisers=[tree["paris"]],
            kind=Event._meta.get_field("kind").related_model.objects.first(),
            title="Elsewhere",
            timezone="Europe/Paris",
            starts_at=start,
            country=tree["paris"].country,
        )


def test_a_cancelled_event_takes_no_registrations_even_from_organisers(tree):
    event = make_event(tree["house"])
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    for by in (None, manager):
        with pytest.raises(services.EventError, match="cancelled|closed"):
            services.register(event, given_name="A", email="a@example.org", by=by)
    assert not Registration.objects.exists()
