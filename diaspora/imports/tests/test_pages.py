"""The import pages: upload, every problem shown, columns adjusted, import; in reach only."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from diaspora.imports import services
from diaspora.imports.models import ImportBatch
from diaspora.imports.tests.test_import import BAD, GOOD, csv
from diaspora.people import services as people
from diaspora.people.models import Membership, Person
from diaspora.people.tests.factories import UserFactory


def upload(client, organisation, data, name="list.csv"):
    return client.post(
        "/en/imports/",
        {"organisation": organisation.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_an_uploaded_list_is_checked_and_its_problems_shown(tree, office):
    response = upload(office, tree["house"], BAD)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/imports/{batch.pk}/"
    page = office.get(f"/en/imports/{batch.pk}/").content.decode()
    assert "31.02.1980" in page and "There is no such day." in page
    assert "Import:" not in page  # a list with problems cannot be imported
    assert Person.objects.count() == 0


def test_a_clean_list_is_imported_from_the_page(tree, office):
    upload(office, tree["house"], GOOD)
    batch = ImportBatch.objects.get()
    assert "Import: 2 new people" in office.get(f"/en/imports/{batch.pk}/").content.decode()
    response = office.post(f"/en/imports/{batch.pk}/commit/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Membership.objects.filter(organisation=tree["house"]).count() == 2
    assert office.post(f"/en/imports/{batch.pk}/commit/").status_code == 409  # not twice


def test_columns_can_be_set_aside_and_the_list_checked_again(tree, office):
    upload(office, tree["house"], csv("Məmmədov;Rəşad;;31.02.1980;k;;;DE"))
    batch = ImportBatch.objects.get()
    assert batch.counts["errors"] == 1  # the date of birth
    choices = {f"column_{i}": field for i, field in enumerate(batch.mapping.values())}
    # The form's columns are in the stored mapping's order (PostgreSQL's jsonb's own).
    choices[f"column_{list(batch.mapping).index('Doğum tarixi')}"] = ""  # leave the date out
    office.post(f"/en/imports/{batch.pk}/", choices)
    batch.refresh_from_db()
    assert batch.counts["errors"] == 0 and batch.mapping["Doğum tarixi"] == ""


def test_unreadable_optional_values_are_warnings_and_the_list_goes_in(tree, office):
    upload(office, tree["house"], csv("Məmmədov;Rəşad;;05.07.1980;k;12;not-mail;DE"))
    batch = ImportBatch.objects.get()
    assert batch.counts["errors"] == 0 and batch.counts["warnings"] == 1
    page = office.get(f"/en/imports/{batch.pk}/").content.decode()
    assert "Warnings" in page and "<code>not-mail</code>" in page
    assert "This is not an email address." in page and "rows with warnings" in page
    assert "Import: 1 new person" in page
    office.post(f"/en/imports/{batch.pk}/commit/")
    person = Person.objects.get()
    assert person.unreadable == {"phone": "12", "email": "not-mail"}
    assert person.phone == "" and person.email == ""
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert (
        "were imported; each value below" in office.get(f"/en/imports/{batch.pk}/").content.decode()
    )


def test_a_list_for_an_organisation_out_of_reach_is_refused(tree, office):
    response = upload(office, tree["paris"], GOOD)
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_another_organisations_import_is_not_found(tree, office):
    other = ImportBatch.objects.create(
        organisation=tree["paris"], filename="x.csv", status=ImportBatch.Status.CHECKED
    )
    assert office.get(f"/en/imports/{other.pk}/").status_code == 404
    assert office.post(f"/en/imports/{other.pk}/commit/").status_code == 404


def test_a_compatriot_has_no_import_pages(tree):
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/en/imports/").status_code == 403


def test_a_too_large_upload_is_refused_before_it_is_read(tree, office):
    response = office.post(
        "/en/imports/", data=b"x", content_type="text/plain", CONTENT_LENGTH=str(2 * 2**30)
    )
    assert response.status_code == 413
    assert "files up to 200 MB" in response.content.decode()


def test_a_binary_file_is_refused_with_the_reason(tree, office):
    upload(office, tree["house"], b"\x00\x01binary\xff" * 100, name="photo.csv")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    assert "binary data" in office.get(f"/en/imports/{batch.pk}/").content.decode()


def test_the_import_button_counts_the_rows_held_for_review_as_new_records(tree, office):
    known = people.register_person(by=None, full_name="Rashad Mammadov")  # Rəşad may be him
    people.add_membership(known, tree["school"], by=None)  # out of the House's reach: not told
    upload(office, tree["house"], GOOD)
    assert ImportBatch.objects.get().counts["review"] == 0
    people.add_membership(known, tree["house"], by=None)
    ImportBatch.objects.all().delete()
    upload(office, tree["house"], GOOD)
    batch = ImportBatch.objects.get()
    assert batch.counts["new"] == 1 and batch.counts["review"] == 1
    page = office.get(f"/en/imports/{batch.pk}/").content.decode()
    assert "Import: 2 new people" in page
    assert "for someone who may see both records to decide" in page


def test_a_list_with_problems_says_what_to_do(tree, office):
    upload(office, tree["house"], BAD)
    batch = ImportBatch.objects.get()
    page = office.get(f"/en/imports/{batch.pk}/").content.decode()
    assert "correct the rows below in the file and upload it again" in page


def test_a_list_imported_before_says_so_and_offers_no_import(tree, office):
    upload(office, tree["house"], GOOD)
    first = ImportBatch.objects.get()
    office.post(f"/en/imports/{first.pk}/commit/")
    upload(office, tree["house"], GOOD)
    again = ImportBatch.objects.exclude(pk=first.pk).get()
    page = office.get(f"/en/imports/{again.pk}/").content.decode()
    assert "This very file was imported into this organisation on" in page
    assert "Import:" not in page
    # Another organisation's import of the same file is not this one's.
    assert services.imported_before(tree["school"].pk, again.sha256, again) is None


def test_problems_read_in_another_language_say_which_language_they_are_in(tree, office):
    upload(office, tree["house"], BAD)  # checked in English
    batch = ImportBatch.objects.get()
    page = office.get(f"/ru/imports/{batch.pk}/").content.decode()
    assert "There is no such day." in page and "English" in page
    listing = office.get("/en/imports/").content.decode()
    assert "1 row with problems" in listing


def test_an_office_with_one_organisation_finds_it_chosen(tree, office):
    page = office.get("/en/imports/").content.decode()
    assert f'<option value="{tree["house"].pk}" selected>' in page


def test_the_lists_of_organisations_are_offered_only_to_who_may_upload_them(tree, office):
    # A House manager uploads members, not organisations; the Committee's staff both.
    assert "/en/imports/organisations/" not in office.get("/en/imports/").content.decode()
    staff = UserFactory(username="committee-office")
    from diaspora.accounts.services import grant_role

    grant_role(staff, "staff", tree["root"], by=None)
    client = Client()
    client.force_login(staff)
    assert "/en/imports/organisations/" in client.get("/en/imports/").content.decode()
