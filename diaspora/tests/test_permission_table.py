"""Every kind of role, and the compatriot, against the permission table, for every
action the platform has: each action's probe goes through the real door (a page, the
API, the admin, or the service a page calls where that is the door) at a target, and
the door's answer must be the table's. A new Action without a probe fails here.

Each kind is placed at the council (targets: the council itself, the House below it,
the Paris society beside it) and at the root (target: the root, where the
network-wide actions live). The compatriot has their own record (target OWN) and
meets the House's people (target house)."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from diaspora import access
from diaspora.access import COMPATRIOT, NETWORK_WIDE, Action, Reach
from diaspora.accounts.models import Invitation, Role, User
from diaspora.accounts.services import grant_role
from diaspora.conftest import sign_in
from diaspora.directory.models import Organisation
from diaspora.events.models import Event
from diaspora.events.tests.factories import make_event
from diaspora.people.models import DuplicatePair, Person
from diaspora.people.tests.factories import PersonFactory, UserFactory, member_of

OWN = "own"  # the target that is the compatriot's own record


class Probe:
    """What a probe works with: the signed-in client and user, and the target: an
    organisation, or OWN (the user's own record; organisation-wide probes then try
    the House, which is not theirs)."""

    def __init__(self, client: Client, user: User, tree: dict, target: str) -> None:
        self.client, self.user, self.tree, self.target = client, user, tree, target

    @property
    def own(self) -> bool:
        return self.target == OWN

    @property
    def organisation(self) -> Organisation:
        return self.tree["house" if self.own else self.target]

    def person(self, **fields) -> Person:
        """Someone of the target: the user's own record for OWN."""
        if self.own:
            return Person.objects.get(user=self.user)
        return member_of(self.organisation, **fields)


def admin_form_data(response) -> dict:
    """What the admin's change page would post back unchanged: its form and the
    management forms and rows of its inlines."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return form_data(*forms)


def form_data(*forms) -> dict:
    data: dict = {}
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


def opened(response, *words: str) -> bool:
    """A page shown with what it is about; a refusal, a redirect to log in or a
    missing record is not."""
    return response.status_code == 200 and all(w in response.content.decode() for w in words)


# --- one probe per action -------------------------------------------------------


def people_view(p: Probe) -> bool:
    person = p.person(surname="Qwviewova")
    if p.own:
        return opened(p.client.get("/en/me/"), person.surname)
    return opened(p.client.get(f"/en/admin/people/person/{person.pk}/change/"), "Qwviewova")


def people_edit(p: Probe) -> bool:
    person = p.person(surname="Qweditova")
    url = "/en/me/" if p.own else f"/en/admin/people/person/{person.pk}/change/"
    page = p.client.get(url)
    form = page.context and page.context.get("form" if p.own else "adminform")
    if page.status_code != 200 or form is None:
        return False
    data = form_data(form) if p.own else admin_form_data(page)
    if "surname" not in data:
        return False  # shown read only
    data["surname"] = "Qwchangedova"
    p.client.post(url, data)
    return Person.objects.get(pk=person.pk).surname == "Qwchangedova"


def people_import(p: Probe) -> bool:
    listed = b"surname,given name,email\nQwimportova,Aysel,aysel.qwimportova@example.org\n"
    p.client.post(
        "/en/imports/",
        {"organisation": p.organisation.pk, "file": SimpleUploadedFile("list.csv", listed)},
    )
    return p.organisation.imports.exists()


def people_export(p: Probe) -> bool:
    person = p.person(surname="Qwexportova")
    if p.own:
        download = p.client.get("/en/me/my-data.zip")
        return download.status_code == 200 and download["Content-Type"] == "application/zip"
    return opened(p.client.get(f"/api/people/{person.pk}"), "Qwexportova")


def people_merge(p: Probe) -> bool:
    one = p.person(surname="Qwmergeova")
    other = member_of(p.organisation, surname="Qwmergeova")
    first, second = sorted((one, other), key=lambda person: person.pk)
    pair = DuplicatePair.objects.create(first=first, second=second, score=0.9)
    return opened(p.client.get(f"/en/duplicates/{pair.pk}/"), "Qwmergeova")


def people_erase(p: Probe) -> bool:
    person = p.person(surname="Qweraseova")
    return opened(p.client.get(f"/en/erasure/people/{person.pk}/"), str(person.pk))


def organisations_view(p: Probe) -> bool:
    organisation = p.organisation
    page = p.client.get(f"/en/admin/directory/organisation/{organisation.pk}/change/")
    return opened(page, organisation.name)


def organisations_edit(p: Probe) -> bool:
    url = f"/en/admin/directory/organisation/{p.organisation.pk}/change/"
    page = p.client.get(url)
    if page.status_code != 200:
        return False
    data = admin_form_data(page)
    if "address" not in data and "name" not in data:
        return False  # shown read only
    data["address"] = "Qwstraße 1"
    p.client.post(url, data)
    return Organisation.objects.get(pk=p.organisation.pk).address == "Qwstraße 1"


def organisations_import(p: Probe) -> bool:
    listed = b"name,kind,country,city\nQwodlar Yurdu,association,DE,Berlin\n"
    url = "/en/imports/organisations/"
    checked = p.client.post(
        url, {"parent": p.organisation.pk, "file": SimpleUploadedFile("orgs.csv", listed)}
    )
    if checked.status_code != 200 or not checked.context.get("token"):
        return False
    p.client.post(url, {"token": checked.context["token"]})
    added = Organisation.objects.filter(name="Qwodlar Yurdu").first()
    return added is not None and Organisation.objects.get_parent(added) == p.organisation


def events_view(p: Probe) -> bool:
    event = make_event(p.organisation, title="Qwmembers evening", audience=Event.Audience.MEMBERS)
    return opened(p.client.get(f"/en/events/{event.pk}/"), "Qwmembers evening")


def events_organise(p: Probe) -> bool:
    event = make_event(p.organisation, title="Qwopen evening")
    return opened(p.client.get(f"/en/events/{event.pk}/registrations/"), "Qwopen evening")


def events_report(p: Probe) -> bool:
    begun = timezone.now() - timedelta(hours=2)
    event = make_event(p.organisation, title="Qwheld evening", starts_at=begun)
    return opened(p.client.get(f"/en/events/{event.pk}/report/"), "Qwheld evening")


def users_manage(p: Probe) -> bool:
    # The users pages' invitation form: a teacher's role is within every manager of
    # users' own rights, so only the reach decides.
    email = f"invitee-{p.organisation.pk}@example.org"
    p.client.post(
        "/en/accounts/users/invite/",
        {"email": email, "kind": Role.Kind.TEACHER, "organisation": p.organisation.pk},
    )
    return Invitation.objects.filter(email=email, organisation=p.organisation).exists()


def network_configure(p: Probe) -> bool:
    return opened(p.client.get("/en/admin/directory/city/add/"), 'name="timezone"')


def audit_view(p: Probe) -> bool:
    return opened(p.client.get("/en/admin/accounts/auditentry/"), "audit")


def open_medal_round():
    from diaspora.honours.models import Round
    from diaspora.honours.tests.helpers import honours_configured, open_round

    return Round.objects.first() or open_round(honours_configured(), title="Qwround")


def honours_nominate(p: Probe) -> bool:
    open_medal_round()
    person = p.person(surname="Qwnomineeova")
    created = p.client.post(
        "/api/honours/nominations",
        {"person_id": person.pk, "honour": "diaspora-merit-medal", "citation": "Qw"},
        content_type="application/json",
    )
    return created.status_code == 201


def honours_decide(p: Probe) -> bool:
    round_ = open_medal_round()
    return opened(p.client.get(f"/en/honours/rounds/{round_.pk}/"), "Qwround")


PROBES: dict[Action, Callable[[Probe], bool]] = {
    Action.PEOPLE_VIEW: people_view,
    Action.PEOPLE_EDIT: people_edit,
    Action.PEOPLE_IMPORT: people_import,
    Action.PEOPLE_EXPORT: people_export,
    Action.PEOPLE_MERGE: people_merge,
    Action.PEOPLE_ERASE: people_erase,
    Action.ORGANISATIONS_VIEW: organisations_view,
    Action.ORGANISATIONS_EDIT: organisations_edit,
    Action.ORGANISATIONS_IMPORT: organisations_import,
    Action.EVENTS_VIEW: events_view,
    Action.EVENTS_ORGANISE: events_organise,
    Action.EVENTS_REPORT: events_report,
    Action.USERS_MANAGE: users_manage,
    Action.NETWORK_CONFIGURE: network_configure,
    Action.AUDIT_VIEW: audit_view,
    Action.HONOURS_NOMINATE: honours_nominate,
    Action.HONOURS_DECIDE: honours_decide,
}


def test_every_action_has_a_probe():
    assert set(PROBES) == set(Action)


# --- what the table says ----------------------------------------------------------

# (kind, where the role is held, target): node, below, beside, and at the root.
PLACES = [("council", "council"), ("council", "house"), ("council", "paris"), ("root", "root")]
CASES = [(kind, at, target) for kind in Role.Kind.values for at, target in PLACES]
CASES += [(COMPATRIOT, None, OWN), (COMPATRIOT, None, "house")]


def expected(kind: str, at: str | None, target: str, action: Action) -> bool:
    """The table's answer, read here from TABLE and NETWORK_WIDE by its stated meaning
    (not through access.allowed, which the doors themselves call)."""
    reach = access.TABLE[kind].get(action)
    if kind == COMPATRIOT:
        return target == OWN and reach is Reach.OWN
    if action in NETWORK_WIDE:
        return reach is Reach.BELOW and at == "root"
    if reach is Reach.NODE:
        return target == at
    if reach is Reach.BELOW:
        return target == at or (at, target) == ("council", "house") or at == "root"
    return False


@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize(
    ("kind", "at", "target"), CASES, ids=[f"{k}@{a or 'none'}→{t}" for k, a, t in CASES]
)
def test_the_door_answers_as_the_table_says(tree, settings, tmp_path, kind, at, target, action):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(username=f"probe-{kind}")
    if kind == COMPATRIOT:
        PersonFactory(surname="Qwselfova", user=user)  # in no organisation
    else:
        grant_role(user, kind, tree[at], by=None)
        user = User.objects.get(pk=user.pk)
    client = Client(raise_request_exception=False)
    sign_in(client, user)
    answer = PROBES[action](Probe(client, user, tree, target))
    assert answer is expected(kind, at, target, action), (
        f"{kind} at {at}, {action} at {target}: the door said "
        f"{'yes' if answer else 'no'}, the table {'yes' if not answer else 'no'}"
    )


def test_the_probes_see_a_flipped_cell(tree, settings, tmp_path, monkeypatch):
    """The probes are honest: a cell flipped in the table flips the door's answer."""
    settings.MEDIA_ROOT = tmp_path
    manager = UserFactory(username="probe-flip")
    grant_role(manager, "manager", tree["council"], by=None)
    client = Client(raise_request_exception=False)
    sign_in(client, manager)
    for action in (Action.PEOPLE_IMPORT, Action.EVENTS_ORGANISE, Action.ORGANISATIONS_EDIT):
        assert PROBES[action](Probe(client, manager, tree, "house"))
    table = {kind: dict(rights) for kind, rights in access.TABLE.items()}
    for action in (Action.PEOPLE_IMPORT, Action.EVENTS_ORGANISE, Action.ORGANISATIONS_EDIT):
        del table["manager"][action]
    table["manager"][Action.USERS_MANAGE] = Reach.BELOW
    monkeypatch.setattr(access, "TABLE", table)
    fresh = User.objects.get(pk=manager.pk)
    for action in (Action.PEOPLE_IMPORT, Action.EVENTS_ORGANISE, Action.ORGANISATIONS_EDIT):
        assert not PROBES[action](Probe(client, fresh, tree, "school"))
    assert PROBES[Action.USERS_MANAGE](Probe(client, fresh, tree, "house"))
