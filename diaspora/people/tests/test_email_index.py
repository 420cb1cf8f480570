import pytest
from django.db import connection

from diaspora.people.models import Person
from diaspora.people.queries import with_email
from diaspora.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_address_is_found_whatever_its_case():
    ali = PersonFactory(email="Ali.Quliyev@Example.org")
    PersonFactory(email="someone@example.org")
    assert list(with_email("ali.quliyev@example.ORG")) == [ali]


def test_the_lookup_uses_the_index():
    # Enough people, with the statistics of them, that the planner chooses as it would
    # among millions (on a table of two rows, walking the name index costs as little).
    Person.objects.bulk_create(
        Person(full_name=f"Person {n}", surname=f"S{n}", email=f"p{n}@example.org")
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_person")
    plan = with_email("Ali@Example.org").explain()
    assert "person_email_upper" in plan, plan
