"""Phones as people write them: national formats read in the residence or the homeland."""

import pytest

from diaspora.people.phones import UnreadablePhone, read_phone


@pytest.mark.parametrize(
    ("written", "country", "stored"),
    [
        # Azerbaijani numbers as compatriots write them, wherever they live.
        ("8 (050) 986-98-79", "GB", "+994509869879"),  # the Soviet trunk prefix 8
        ("8 (050) 986-98-79", None, "+994509869879"),
        ("8 (050) 986-98-79", "RU", "+994509869879"),  # 8 is Russia's prefix: no fit there
        ("050 986 98 79", "GB", "+994509869879"),  # possible in Britain, valid at home
        ("(012) 498-12-34", "DE", "+994124981234"),  # a Baku landline
        ("8 (055) 210-10-10", "DE", "+994552101010"),  # though 8055… could be German
        ("(012) 498-12-34", None, "+994124981234"),
        # The residence's own numbers, where they fit it better.
        ("07700 900123", "GB", "+447700900123"),
        ("030 1234 5678", "DE", "+493012345678"),
        ("8 (495) 123-45-67", "RU", "+74951234567"),
        ("8 (044) 123-45-67", "UA", "+380441234567"),  # Kyiv, written the Soviet way
        ("067 123 45 67", "UA", "+380671234567"),
        # With the country code, as written.
        ("+44 7700 900123", "AZ", "+447700900123"),
        ("0049 30 1234567", "GB", "+49301234567"),
        ("8 10 44 20 7946 0000", "RU", "+442079460000"),  # the Soviet international prefix
    ],
)
def test_a_phone_is_read_where_it_fits(written, country, stored):
    assert read_phone(written, country, homeland="AZ") == stored


def test_the_homeland_is_the_deployments(settings):
    settings.DIASPORA_HOMELAND = "AZ"
    assert read_phone("050 986 98 79") == "+994509869879"
    settings.DIASPORA_HOMELAND = "TR"
    assert read_phone("0532 123 45 67") == "+905321234567"


@pytest.mark.parametrize("written", ["12", "call me maybe", "n/a", "+"])
def test_what_is_no_number_is_unreadable(written):
    with pytest.raises(UnreadablePhone):
        read_phone(written, "GB", homeland="AZ")


def test_a_phone_we_cannot_read_is_told_with_an_example_of_the_persons_country():
    from diaspora.people.services import PeopleError, normalise_phone

    with pytest.raises(PeopleError, match=r"e\.g\. \+44 "):
        normalise_phone("звоните вечером", "GB")
    with pytest.raises(PeopleError, match=r"e\.g\. \+994 "):
        normalise_phone("звоните вечером", None)  # the homeland's
