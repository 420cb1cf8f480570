"""Reading personal data. `visible_people` is the one door: every view, API handler and
admin page that lists or opens a person starts from it."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Upper

from diaspora.accounts.models import User
from diaspora.directory.queries import reach, under

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


def visible_people(user: User | AnonymousUser) -> QuerySet[Person]:
    """The people this user may see: all for a role at the root; members of the
    organisations below a role's node; a compatriot's own record."""
    people = current_people()
    paths = reach(user)
    if paths is None:
        return people
    own = Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    if not paths:
        return people.filter(own)
    in_reach = Membership.objects.filter(under(paths, "organisation__"), person=OuterRef("pk"))
    return people.filter(Exists(in_reach) | own)


def own_record(user: User | AnonymousUser) -> Person | None:
    """The signed-in compatriot's own record, if their account is linked to one that
    is not erased (an erased record is no one's any more)."""
    if not user.is_authenticated:
        return None
    return current_people().filter(user_id=user.pk, erased_at__isnull=True).first()


def can_manage_people(user: User | AnonymousUser) -> bool:
    """Whether the user holds any office role (seeing only their own record is not one)."""
    return reach(user) != []


def registered_people() -> QuerySet[Person]:
    """Everyone on the registry (the count the public figures show; no personal data)."""
    return current_people()


def visible_memberships(user: User | AnonymousUser) -> QuerySet[Membership]:
    """Memberships the user may see: all for a role at the root; those in the
    organisations below a role's node; all of a compatriot's own. A member of the
    House may belong elsewhere too, which the House's office does not learn."""
    paths = reach(user)
    if paths is None:
        return Membership.objects.all()
    own = Q(person__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    return Membership.objects.filter(under(paths, "organisation__") | own)
