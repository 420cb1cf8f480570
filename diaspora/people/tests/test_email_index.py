import pytest
from django.db import connection

from diaspora.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_an_address_is_found_without_case_through_an_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a table of millions
    plan = Person.objects.filter(email__iexact="Ali@Example.org").explain()
    assert "person_email_upper" in plan, plan
