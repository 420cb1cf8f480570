"""The name words of people written in bulk, batch after batch of one import, are
those the services store for a person registered alone."""

import pytest

from diaspora.people import name_words, services
from diaspora.people.models import PersonNamePair, PersonNameWord

pytestmark = pytest.mark.django_db


def index_of(person_id: int) -> tuple[list, list]:
    words = PersonNameWord.objects.filter(person_id=person_id)
    pairs = PersonNamePair.objects.filter(person_id=person_id)
    return (
        sorted(words.values_list("word__base", "patronymic")),
        sorted(pairs.values_list("pair", flat=True)),
    )


def test_batches_of_one_import_index_a_name_seen_before_as_the_first_did(tree):
    alone = services.register_person(by=None, full_name="Rəşad Əli oğlu Məmmədov")
    facts = name_words.NameFacts()
    common = dict(by=None, organisation=tree["house"], facts=facts)
    first = services.register_rows(
        [{"full_name": "Rəşad Əli oğlu Məmmədov"}, {"full_name": "Aygün Hüseynova"}],
        roles=["member"] * 2,
        since=[None] * 2,
        **common,
    )
    assert "Rəşad Əli oğlu Məmmədov" in facts.rows  # kept for the next batch
    second = services.register_rows(
        [{"full_name": "Aygün Hüseynova"}, {"full_name": "Rəşad Əli oğlu Məmmədov"}],
        roles=["member"] * 2,
        since=[None] * 2,
        **common,
    )
    assert index_of(first[0]) == index_of(second[1]) == index_of(alone.pk)
    assert index_of(first[1]) == index_of(second[0])
    assert index_of(alone.pk)[1]  # the name has pairs: the comparison says something
