"""The keys a store keeps beside each name word, and what a query asks with."""

from diaspora.names import lookup


def keys_of(text: str) -> set[str]:
    return set().union(*lookup.name_keys(text).values())


def test_a_word_written_with_vowels_meets_one_kept_in_arabic_script_by_its_consonants():
    asked = lookup.query_keys("orkan", (), unvowelled=False)
    assert asked & keys_of("أورخان")  # urkan: the same consonants
    # A Latin word spelt alike is not kept under those keys: its letters find it.
    assert not asked & {key for key in keys_of("Urkan") if key.startswith(lookup.UNVOWELLED)}


def test_an_unvowelled_query_meets_consonants_two_letters_apart():
    asked = lookup.query_keys("mkmduv", (), unvowelled=True)  # محمدوف
    assert asked & keys_of("Məmmədov")
    assert not asked & keys_of("Orxan")


def test_a_word_is_kept_under_its_other_readings():
    ((base, kept),) = lookup.name_keys("Kachler").items()
    ((russian, _keys),) = lookup.name_keys("Кахлер").items()
    assert russian != base  # no folded form in common
    assert russian in lookup.readings_in(kept)  # read as Russian reads it


def test_likeness_of_an_unvowelled_word_weighs_its_consonants():
    letters = lookup.likeness("skndr", (), "iskandar", ())
    sounded = lookup.likeness("skndr", (), "iskandar", (), unvowelled=True)
    assert sounded > letters and sounded >= 0.8
