"""The office's import pages: upload a list, watch it being checked, see every
problem, adjust the columns, import. The work itself runs as tasks."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora import access
from diaspora.access import Action
from diaspora.people.queries import visible_people

from . import progress, services, tasks
from .forms import MappingForm, UploadForm
from .models import ImportBatch
from .readers import MAX_BYTES

PROBLEMS_SHOWN = 500


def office_organisations(request: HttpRequest, action: Action = Action.PEOPLE_IMPORT):
    """The organisations the user may import into (access), or PermissionDenied."""
    organisations = access.organisations(request.user, action).order_by("path")
    if not organisations.exists():
        raise PermissionDenied(_("Imports are for the office of an organisation."))
    return organisations


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    organisations = office_organisations(request)
    length = declared_length(request)
    if request.method == "POST" and length > MAX_BYTES + 2**20:
        # Refused before the body is read: a gigabyte never reaches the disk.
        return HttpResponse(
            _("The file is %(size)d MB; files up to %(limit)d MB are accepted.")
            % {"size": length // 2**20, "limit": MAX_BYTES // 2**20},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    form = UploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                organisation=form.cleaned_data["organisation"],
                filename=form.cleaned_data["file"].name[:255],
                file=form.cleaned_data["file"],
                status=ImportBatch.Status.QUEUED,
                created_by=request.user,
                language=get_language() or "",
            )
            tasks.enqueue_check(batch)
        return redirect("import", batch.pk)
    batches = ImportBatch.objects.filter(organisation__in=organisations).select_related(
        "organisation", "created_by"
    )[:50]
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "batches": batches,
        "may_import_organisations": access.allowed(request.user, Action.ORGANISATIONS_IMPORT),
    }
    return render(request, "imports/imports.html", context, status=status)


def declared_length(request: HttpRequest) -> int:
    """The body's size as the client declares it (0 when it does not, or garbles it)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    organisations = office_organisations(request)
    batch = get_object_or_404(ImportBatch.objects.select_related("organisation"), pk=pk)
    if not organisations.filter(pk=batch.organisation_id).exists():
        raise Http404(_("No import within your reach has this number."))
    return batch


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_or_404(request, pk)
    header = list(batch.mapping)
    form = MappingForm(request.POST or None, header=header, mapping=batch.mapping)
    if request.method == "POST":
        if batch.status != ImportBatch.Status.CHECKED or not form.is_valid():
            status = 409 if form.is_valid() else 400
            return render(
                request, "imports/batch.html", context(request, batch, form), status=status
            )
        batch.mapping = form.mapping()
        batch.status, batch.progress = ImportBatch.Status.QUEUED, 0
        progress.forget(batch.pk)
        with transaction.atomic():
            batch.save(update_fields=["mapping", "status", "progress"])
            tasks.enqueue_check(batch)
        return redirect("import", batch.pk)
    return render(request, "imports/batch.html", context(request, batch, form))


@login_required
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        batch = batch_or_404(request, pk)
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        ready = batch.status == ImportBatch.Status.CHECKED and not batch.counts.get("errors")
        if not ready:
            form = MappingForm(header=list(batch.mapping), mapping=batch.mapping)
            return render(request, "imports/batch.html", context(request, batch, form), status=409)
        batch.status, batch.progress = ImportBatch.Status.IMPORTING, 0
        batch.save(update_fields=["status", "progress"])
        progress.forget(batch.pk)  # the check's figure
        tasks.enqueue_commit(batch, request.user)
    return redirect("import", batch.pk)


def review_seen(request: HttpRequest, batch: ImportBatch) -> list[dict]:
    """The rows held for review, with their reasons where the viewer may see the
    record a row may be: a colleague whose reach is narrower than the importer's is
    told no more of that record than their own import would tell them."""
    held = [item["person"] for item in batch.review if item.get("person")]
    seen = set(visible_people(request.user).filter(pk__in=held).values_list("pk", flat=True))
    return [
        {"row": item["row"], "reasons": item["reasons"] if item.get("person") in seen else []}
        for item in batch.review
    ]


def context(request: HttpRequest, batch: ImportBatch, form: MappingForm) -> dict:
    checked = batch.status == ImportBatch.Status.CHECKED
    earlier = None
    if checked and batch.sha256:
        earlier = services.imported_before(batch.organisation_id, batch.sha256, batch)
    counts = batch.counts or {}
    # Problems refuse their rows; warnings (marked) only tell what was kept as written.
    problems = [item for item in batch.problems if not item.get("warning")]
    warnings = [item for item in batch.problems if item.get("warning")]
    other_language = None
    if batch.language and batch.language != get_language():
        # The reasons are kept as written when the list was checked.
        other_language = get_language_info(batch.language)["name_local"]
    return {
        "other_language": other_language,
        "earlier": earlier,
        # Rows held for review are registered too: each is a record of its own.
        "registered": counts.get("new", 0) + counts.get("review", 0),
        "batch": batch,
        "form": form,
        "working": batch.status in ImportBatch.WORKING,
        "progress": progress.shown(batch),
        "problems": problems[:PROBLEMS_SHOWN],
        "warnings": warnings[:PROBLEMS_SHOWN],
        "review": review_seen(request, batch),
        "more_problems": max(0, len(problems) - PROBLEMS_SHOWN),
        "more_warnings": max(0, len(warnings) - PROBLEMS_SHOWN),
        "can_import": checked and not counts.get("errors"),
    }
