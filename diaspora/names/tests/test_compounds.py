"""Compound names written apart, joined or hyphenated; Turkic patronymic forms."""

import pytest

from diaspora.names import NameIndex, fold, parse, similarity


@pytest.mark.parametrize(
    ("hyphenated", "joined"),
    [
        ("Abd-ul-aziz", "Əbdüləziz"),  # joined by the article
        ("Nur-ad-din", "Nurəddin"),
        ("Husein-Ali", "Hüseynəli"),  # with a short part
        ("Mir-Jalal", "Mircəlal"),
        ("al-Musawi", "Musəvi"),  # the article before a hyphen is no word
    ],
)
def test_a_hyphenated_compound_is_one_word(hyphenated, joined):
    assert fold(hyphenated) == fold(joined)


def test_two_long_hyphenated_surnames_stay_two_words():
    assert fold("Əliyeva-Məmmədova") == fold("Əliyeva Məmmədova")


def test_a_compound_in_russian_spelling_is_close_to_the_azerbaijani():
    assert similarity("Фетх-Али", "Fətəli") >= 0.9


@pytest.mark.parametrize(
    ("turkic", "azerbaijani"),
    [
        ("Nurlanuly", "Nurlanoğlu"),  # Kazakh -uly
        ("Нұрланұлы", "Nurlanoğlu"),  # -ұлы
        ("Нурланулы", "Nurlanoğlu"),  # -улы
        ("Mamedogly", "Məmmədoğlu"),  # ogly
        ("Nurlankyzy", "Nurlanqızı"),
    ],
)
def test_joined_turkic_patronymic_forms_fold_alike(turkic, azerbaijani):
    assert fold(turkic) == fold(azerbaijani)


def test_a_kazakh_patronymic_marker_written_apart_is_a_marker():
    assert parse("Aliyev Rashad Nurlan uly").patronymic == "Nurlan uly"
    assert parse("Алиев Рашад Нурлан ұлы").marker == "ұлы"


def test_a_marker_word_first_in_a_name_is_a_name_word():
    assert fold("Uli Hoeneß").startswith("uli ")


def test_search_finds_the_compound_written_apart():
    index = NameIndex()
    index.add_many([(1, "Əbdüləziz Məmmədov"), (2, "Əziz Məmmədov"), (3, "Hüseynəli Qasımov")])
    assert index.search("Abd-ul-aziz Mamedov")[0][0] == 1
    assert index.search("Husein-Ali Gasimov")[0][0] == 3
