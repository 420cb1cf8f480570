from django.core.management import call_command

from diaspora.demo_data.build import build
from diaspora.people.models import Person


def names_in_order() -> list[str]:
    return list(Person.objects.order_by("id").values_list("full_name", flat=True))


def test_the_same_seed_gives_the_same_network(transactional_db):
    build(seed=11, people=300)
    first = names_in_order()
    call_command("flush", "--no-input")
    build(seed=11, people=300)
    assert names_in_order() == first
    call_command("flush", "--no-input")
    build(seed=12, people=300)
    assert names_in_order() != first
