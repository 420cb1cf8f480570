import pytest
from django.db import connection

from diaspora.people.queries import with_email
from diaspora.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_address_is_found_whatever_its_case():
    ali = PersonFactory(email="Ali.Quliyev@Example.org")
    PersonFactory(email="someone@example.org")
    assert list(with_email("ali.quliyev@example.ORG")) == [ali]


def test_the_lookup_uses_the_index():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # as on a table of millions
    plan = with_email("Ali@Example.org").explain()
    assert "person_email_upper" in plan, plan
