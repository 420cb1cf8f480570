"""The office's review of possible duplicates: two records side by side, a value
chosen for each field, merged or told apart; a merge can be undone."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diaspora import access
from diaspora.access import Action

from .merging import TAKEABLE, dismiss_pair, merge_pair, merge_within_scope, undo_merge
from .models import DuplicatePair, Merge, Person
from .queries import visible_memberships, visible_people
from .services import PeopleError

SHOWN = tuple(name for name in TAKEABLE if name != "languages")


def mergeable_pairs(request: HttpRequest):
    """Pairs whose both records the user may merge (access: people.merge)."""
    if not access.allowed(request.user, Action.PEOPLE_MERGE):
        raise PermissionDenied(_("Duplicates are reviewed by the office."))
    people = visible_people(request.user, Action.PEOPLE_MERGE)
    return DuplicatePair.objects.filter(
        Exists(people.filter(pk=OuterRef("first_id"))),
        Exists(people.filter(pk=OuterRef("second_id"))),
    ).select_related("first", "second")


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    pairs = mergeable_pairs(request).filter(status=DuplicatePair.Status.OPEN)
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    return render(request, "people/duplicates.html", {"page": page})


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label=gettext_lazy("Keep the record"), widget=forms.RadioSelect)

    def __init__(self, *args, pair: DuplicatePair, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pair = pair
        self.fields["keep"].choices = [("first", "A"), ("second", "B")]
        self.fields["keep"].initial = "first"
        for name in SHOWN:
            a, b = shown(pair.first, name), shown(pair.second, name)
            if a != b:
                self.fields[name] = forms.ChoiceField(
                    label=Person._meta.get_field(name).verbose_name,
                    choices=[("first", a or "—"), ("second", b or "—")],
                    initial="first" if a else "second",
                    widget=forms.RadioSelect,
                )

    def decision(self) -> tuple[Person, tuple[str, ...]]:
        keep = self.pair.first if self.cleaned_data["keep"] == "first" else self.pair.second
        side = self.cleaned_data["keep"]
        take = tuple(
            name for name in SHOWN if name in self.fields and self.cleaned_data[name] != side
        )
        return keep, tuple(name for name in take if name in TAKEABLE)


def shown(person: Person, name: str) -> str:
    value = getattr(person, name)
    if name == "sex":
        return person.get_sex_display() if value else ""
    return "" if value is None else str(value)


@login_required
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_object_or_404(mergeable_pairs(request), pk=pk)
    form = MergeForm(request.POST or None, pair=pair)
    status = 200
    if request.method == "POST":
        try:
            if "dismiss" in request.POST:
                dismiss_pair(pair, by=request.user)
                return redirect("duplicates")
            if form.is_valid():
                keep, take = form.decision()
                merge = merge_pair(pair, keep=keep, by=request.user, take=take)
                return redirect("merge", merge.pk)
            status = 400
        except PeopleError as error:
            form.add_error(None, str(error))
            status = 409
    # Each record's memberships within the user's reach: not where else they belong.
    memberships = visible_memberships(request.user, Action.PEOPLE_MERGE).select_related(
        "organisation"
    )
    context = {
        "pair": pair,
        "form": form,
        "memberships": [list(memberships.filter(person=p)) for p in (pair.first, pair.second)],
    }
    return render(request, "people/duplicate.html", context, status=status)


@login_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """What a merge did; a POST undoes it."""
    mergeable_pairs(request)  # the same door as the review
    merge = get_object_or_404(Merge.objects.select_related("survivor", "merged"), pk=pk)
    if not merge_within_scope(request.user, merge):
        # Both records, not the survivor alone: it now holds the other's memberships.
        raise Http404(_("No merge within your reach has this number."))
    if request.method == "POST":
        try:
            undo_merge(merge, by=request.user)
        except PeopleError as error:
            return render(
                request, "people/merge.html", {"merge": merge, "error": str(error)}, status=409
            )
        return redirect("merge", merge.pk)
    return render(request, "people/merge.html", {"merge": merge})
