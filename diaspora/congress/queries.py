"""Reading congresses: who may see and do what, and the figures.

The congress's organisers (events.organise at one of its event's organisers: the
Committee) set it up; its credentials commission decides nominations and sees them
all; an office nominates for, and sees the nominations of, the organisations its
events.organise reaches."""

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.events import queries as event_queries

from .models import Accreditation, Congress, Nomination, Quota


def congress_of(user: User | AnonymousUser, event_id: int) -> Congress:
    """The congress held as the event, for whoever may see the event, sits on its
    commission, or works in an office (which nominates, even for a congress open to
    the Committee's members only); else 404."""
    congress = Congress.objects.select_related("event").filter(event_id=event_id).first()
    if congress is None:
        get_object_or_404(event_queries.visible_events(user), pk=event_id)
        raise Http404(_("This event is not a congress."))
    if not (
        event_queries.visible_events(user).filter(pk=event_id).exists()
        or access.allowed(user, Action.EVENTS_ORGANISE)
        or on_commission(user, congress)
    ):
        raise Http404
    return congress


def organises(user, congress: Congress) -> bool:
    return event_queries.runs(user, congress.event, Action.EVENTS_ORGANISE)


def on_commission(user, congress: Congress) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and congress.commission.filter(pk=user.pk).exists()
    )


def organised_or_refused(user, event_id: int) -> Congress:
    congress = congress_of(user, event_id)
    if not organises(user, congress):
        raise PermissionDenied(_("Only the congress's organisers may do this."))
    return congress


def commission_or_refused(user, event_id: int) -> Congress:
    congress = congress_of(user, event_id)
    if not (on_commission(user, congress) or organises(user, congress)):
        raise PermissionDenied(_("Only the credentials commission may do this."))
    return congress


def nominating_organisations(user):
    """The organisations the user nominates for (events.organise reaches them)."""
    return access.organisations(user, Action.EVENTS_ORGANISE).order_by("path")


def sees_all(user, congress: Congress) -> bool:
    return on_commission(user, congress) or organises(user, congress)


def nominations_for(user, congress: Congress) -> QuerySet[Nomination]:
    """The nominations the user may see: all of them for the commission and the
    organisers, else those of the organisations their office reaches."""
    nominations = Nomination.objects.filter(congress=congress).select_related(
        "organisation", "country", "person"
    )
    if sees_all(user, congress):
        return nominations
    reached = access.scope(user, Action.EVENTS_ORGANISE)
    if not reached.office:
        return nominations.none()
    return nominations.filter(reached.organisations("organisation__"))


def nomination_or_refused(user, nomination_id: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("congress__event", "organisation"), pk=nomination_id
    )
    if not nominations_for(user, nomination.congress).filter(pk=nomination.pk).exists():
        raise Http404
    return nomination


def accreditation_or_refused(user, event_id: int, accreditation_id: int) -> Accreditation:
    """An accreditation whose photo the user may change: the congress's organisers',
    the commission's, and the nominating organisation's office's."""
    congress = congress_of(user, event_id)
    accreditation = get_object_or_404(
        Accreditation.objects.select_related("nomination", "registration"),
        nomination__congress=congress,
        pk=accreditation_id,
    )
    if not nominations_for(user, congress).filter(pk=accreditation.nomination_id).exists():
        raise Http404
    return accreditation


def figures(congress: Congress) -> dict:
    """Delegates and guests accepted, and each country's quota and delegates."""
    accepted = Nomination.objects.filter(congress=congress)
    counts = defaultdict(int)
    for country, status in accepted.values_list("country_id", "status"):
        counts[(country, status)] += 1
    by_country = {}
    for quota in Quota.objects.filter(
        congress=congress, kind=Quota.Kind.DELEGATE, organisation__isnull=True
    ).order_by("country"):
        by_country[quota.country_id] = {
            "quota": quota.places,
            "delegates": counts[(quota.country_id, Nomination.Status.DELEGATE)],
        }
    guests = Quota.objects.filter(congress=congress, kind=Quota.Kind.GUEST).first()
    return {
        "delegates": sum(n for (c, s), n in counts.items() if s == Nomination.Status.DELEGATE),
        "guests": sum(n for (c, s), n in counts.items() if s == Nomination.Status.GUEST),
        "guest_places": guests.places if guests else 0,
        "nominated": sum(n for (c, s), n in counts.items() if s == Nomination.Status.NOMINATED),
        "rejected": sum(n for (c, s), n in counts.items() if s == Nomination.Status.REJECTED),
        "by_country": by_country,
    }


def commission_report(congress: Congress) -> dict:
    """The credentials commission's report, from the records: delegates by country
    and organisation, the guests, and the rejections with their reasons."""
    nominations = (
        Nomination.objects.filter(congress=congress)
        .select_related("organisation", "country")
        .order_by("country", "organisation__name", "surname", "given_name", "pk")
    )
    delegates: dict = defaultdict(lambda: defaultdict(list))
    guests, rejected = [], []
    for nomination in nominations:
        if nomination.status == Nomination.Status.DELEGATE:
            delegates[nomination.country][nomination.organisation].append(nomination)
        elif nomination.status == Nomination.Status.GUEST:
            guests.append(nomination)
        elif nomination.status == Nomination.Status.REJECTED:
            rejected.append(nomination)
    return {
        "delegates": [
            (country, [(org, people) for org, people in orgs.items()])
            for country, orgs in delegates.items()
        ],
        "guests": guests,
        "rejected": rejected,
        "figures": figures(congress),
        "countries": len(delegates),
        "organisations": len({org for orgs in delegates.values() for org in orgs}),
    }
