import pytest
from django.conf import settings

from diaspora.accounts.models import AuditEntry
from diaspora.directory import services
from diaspora.directory.models import City, Country, Organisation, OrganisationKind


def test_configuring_the_network_twice_keeps_one_root_and_the_kinds(root):
    config = services.load_deployment(settings.DIASPORA_DEPLOYMENT)
    services.configure_network(config)
    assert Organisation.objects.get_root_nodes().count() == 1
    assert set(OrganisationKind.objects.values_list("code", flat=True)) == {
        kind["code"] for kind in config["kinds"]
    }
    assert root.country_id == config["homeland"]


def test_a_created_organisation_sits_below_its_parent_and_is_audited(tree):
    house = tree["house"]
    assert Organisation.objects.get_parent(house) == tree["council"]
    assert AuditEntry.objects.filter(
        target_type="directory.organisation", target_id=str(house.pk), action="create"
    ).exists()


def test_slugs_stay_unique_for_equal_names(tree, kinds):
    from diaspora.directory.tests.factories import make_organisation

    twin = make_organisation(tree["council"], kinds["house"], "Azerbaijan House in Berlin", "DE")
    assert twin.slug != tree["house"].slug


def test_a_city_from_another_country_is_refused(tree):
    lyon = City.objects.create(
        country=Country.objects.get(code="FR"), name="Lyon", timezone="Europe/Paris"
    )
    with pytest.raises(services.DirectoryError):
        services.update_organisation(tree["house"], by=None, city=lyon)
    tree["house"].refresh_from_db()
    assert tree["house"].city.name == "Berlin"


def test_an_update_records_what_changed(tree):
    services.update_organisation(tree["house"], by=None, email="info@house.example.org")
    entry = AuditEntry.objects.filter(action="update", target_id=str(tree["house"].pk)).get()
    assert entry.changes["email"] == ["", "info@house.example.org"]


def test_search_text_finds_names_in_every_language_and_case(tree):
    from diaspora.directory.queries import filter_organisations, public_organisations

    services.update_organisation(
        tree["house"], by=None, names={"az": "Berlin Azərbaycan Evi", "ru": "Дом Азербайджана"}
    )
    for text in ("AZƏRBAYCAN", "дом азербайджана", "berlin house"):
        found = filter_organisations(public_organisations(), text=text)
        assert list(found) == [tree["house"]], text


@pytest.mark.parametrize("typed", ["Köln", "koln", "КЁЛЬН", "Кельн", "azerbaycan", "qadinlar"])
def test_an_organisation_is_found_whatever_the_accents(root, kinds, typed):
    from diaspora.directory.queries import filter_organisations, public_organisations

    germany = Country.objects.get(code="DE")
    city = services.ensure_city(
        germany, name="Cologne", names={"de": "Köln", "ru": "Кёльн"}, timezone="Europe/Berlin"
    )
    services.create_organisation(
        parent=root,
        kind=kinds["association"],
        name="Azərbaycan Qadınlar Şurası",
        country=germany,
        city=city,
    )
    found = filter_organisations(public_organisations(), text=typed)
    assert [o.name for o in found] == ["Azərbaycan Qadınlar Şurası"]
