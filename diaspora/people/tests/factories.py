import factory

from diaspora.accounts.models import User
from diaspora.people.models import Membership, Person
from diaspora.people.name_words import index_people


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True  # the name words hook writes its own rows

    full_name = factory.LazyAttribute(lambda o: f"{o.given_name} {o.surname}")
    given_name = factory.Sequence(lambda n: f"Əli{n}")
    surname = "Məmmədov"
    script = Person.Script.LATIN_AZ
    country_id = "DE"

    @factory.post_generation
    def name_words(person, create, extracted, **kwargs):
        """Search finds people by their stored name words, as the services keep them."""
        if create:
            index_people([person])


def member_of(organisation, **person_fields) -> Person:
    person = PersonFactory(**person_fields)
    Membership.objects.create(person=person, organisation=organisation)
    return person
