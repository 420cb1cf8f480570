"""Reading personal data. `visible_people` is the one door: every view, API handler,
admin page, export and scan that lists or opens a person starts from it, with the
action it is for; diaspora.access says how far that reaches."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Upper

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.models import User

from .models import Membership, Person


def current_people() -> QuerySet[Person]:
    """Every record that is not history: a record merged into another is reached
    through its survivor."""
    return Person.objects.filter(merged_into__isnull=True)


def is_everyone(people: QuerySet[Person]) -> bool:
    """Whether a queryset narrows nothing beyond `current_people` (merged records
    keep no name words, so all people is the same): then a search needs no join."""
    where = people.query.where
    return not where or str(where) == str(current_people().query.where)


def with_email(email: str) -> QuerySet[Person]:
    """Current people with this address, whatever its case; found through the
    person_email_upper index on both databases (email__iexact is LIKE on SQLite)."""
    return current_people().alias(address=Upper("email")).filter(address=email.upper())


def visible_people(
    user: User | AnonymousUser | None, action: Action = Action.PEOPLE_VIEW
) -> QuerySet[Person]:
    """The people this user may see (or, given another action, act on): everyone for
    a role reaching the whole network; members of the organisations the action's
    scope reaches; their own record where the action reaches it (access.TABLE)."""
    people = current_people()
    reached = access.scope(user, action)
    if reached.everywhere:
        return people
    own = Q(user_id=user.pk) if reached.own and user is not None else Q(pk__in=[])
    if not reached.office:
        return people.filter(own)
    in_reach = Membership.objects.filter(
        reached.organisations("organisation__"), person=OuterRef("pk")
    )
    return people.filter(Exists(in_reach) | own)


def own_record(user: User | AnonymousUser) -> Person | None:
    """The signed-in compatriot's own record, if their account is linked to one that
    is not erased (an erased record is no one's any more)."""
    if not user.is_authenticated:
        return None
    return current_people().filter(user_id=user.pk, erased_at__isnull=True).first()


def registered_people() -> QuerySet[Person]:
    """Everyone on the registry (the count the public figures show; no personal data)."""
    return current_people()


def visible_memberships(
    user: User | AnonymousUser | None, action: Action = Action.PEOPLE_VIEW
) -> QuerySet[Membership]:
    """Memberships the user may see (or act on): all for a role reaching the whole
    network; those in the organisations the action's scope reaches; all of their own
    record's where it reaches that. A member of the House may belong elsewhere too,
    which the House's office does not learn."""
    reached = access.scope(user, action)
    if reached.everywhere:
        return Membership.objects.all()
    own = Q(person__user_id=user.pk) if reached.own and user is not None else Q(pk__in=[])
    return Membership.objects.filter(reached.organisations("organisation__") | own)
