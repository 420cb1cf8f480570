from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import OwnRecordForm
from .models import Person


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        return render(request, "people/no_record.html")
    form = OwnRecordForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            # The form has already written into `person`; the service compares against
            # the stored record, so it gets a fresh copy.
            services.update_person(Person.objects.get(pk=person.pk), by=request.user, **changes)
        except services.PeopleError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Your record has been saved."))
            return redirect("me")
    person.refresh_from_db()
    status = 400 if form.errors else 200
    memberships = person.memberships.select_related("organisation")
    return render(
        request,
        "people/my_record.html",
        {
            "person": person,
            "form": form,
            "memberships": memberships,
            "consents": person.consents.all(),
        },
        status=status,
    )
