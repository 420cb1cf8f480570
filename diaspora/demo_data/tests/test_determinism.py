from django.db import transaction

from diaspora.demo_data.build import build
from diaspora.people.models import Person


def names_built(seed: int) -> list[str]:
    """The demo's names for a seed, built and rolled back (the countries stay)."""
    with transaction.atomic():
        build(seed=seed, people=300)
        names = list(Person.objects.order_by("id").values_list("full_name", flat=True))
        transaction.set_rollback(True)
    return names


def test_the_same_seed_gives_the_same_network(db):
    first = names_built(11)
    assert len(first) == 300
    assert names_built(11) == first
    assert names_built(12) != first
